import { describe, expect, it } from 'vitest';
import { reconcile } from './plan.js';
import { printPlan } from './print.js';
import type { JournalRow } from '../journal/types.js';
import type { Action, LocalEntry, PairOptions, RemoteEntry } from './types.js';
import { edited, local, opts, redited, remote, row } from './test/fixtures.js';

/** A pair where every path was synced: journal, disk and OneDrive agree. */
function synced(...paths: string[]) {
  const dirs = new Set(paths.filter((p) => p.endsWith('/')).map((p) => p.slice(0, -1)));
  const clean = paths.map((p) => p.replace(/\/$/, ''));
  const kind = (p: string) => (dirs.has(p) ? ({ kind: 'dir' } as const) : {});
  return {
    locals: new Map<string, LocalEntry>(clean.map((p) => [p, local(p, kind(p))])),
    remotes: new Map<string, RemoteEntry>(clean.map((p) => [p, remote(p, kind(p))])),
    rows: clean.map((p) => row(p, kind(p))) as JournalRow[],
  };
}

type Pair = ReturnType<typeof synced>;

function plan(p: Pair, o: Partial<PairOptions> = {}) {
  return reconcile({ locals: p.locals.values(), remotes: p.remotes.values(), rows: p.rows }, opts(o));
}

function lines(actions: Action[]): string[] {
  return actions.map((a) => {
    if (a.type === 'move-local' || a.type === 'move-remote') return `${a.type} ${a.from} -> ${a.path}`;
    if (a.type === 'skip') return `skip ${a.path} (${a.problem.kind})`;
    if (a.type === 'delete-local' || a.type === 'delete-remote') return `${a.type} ${a.path} x${a.items}`;
    return `${a.type} ${a.path}`;
  });
}

/** Moves a local entry, keeping its inode (what rename(2) does). */
function moveLocal(p: Pair, from: string, to: string): void {
  for (const [path, e] of [...p.locals]) {
    if (path === from || path.startsWith(`${from}/`)) {
      p.locals.delete(path);
      const np = to + path.slice(from.length);
      p.locals.set(np, { ...e, path: np });
    }
  }
}

/** Moves a remote item and everything under it; ids stay. */
function moveRemote(p: Pair, from: string, to: string, eTag = 'e-moved'): void {
  for (const [path, e] of [...p.remotes]) {
    if (path === from || path.startsWith(`${from}/`)) {
      p.remotes.delete(path);
      const np = to + path.slice(from.length);
      p.remotes.set(np, { ...e, path: np, ...(path === from ? { eTag } : {}) });
    }
  }
}

describe('a synced pair with no change', () => {
  it('plans nothing', () => {
    const p = synced('a.txt', 'docs/', 'docs/b.txt');
    expect(plan(p).actions).toEqual([]);
    expect(printPlan(plan(p))).toBe('nothing to do');
  });
});

describe('local renames and moves become one move', () => {
  it('a renamed file (same inode)', () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'b.txt');
    expect(lines(plan(p).actions)).toEqual(['move-remote a.txt -> b.txt']);
  });

  it('a file copied elsewhere then deleted (new inode, same size and hash)', () => {
    const p = synced('a.txt', 'sub/');
    p.locals.delete('a.txt');
    p.locals.set('sub/a.txt', local('sub/a.txt'));
    expect(lines(plan(p).actions)).toEqual(['move-remote a.txt -> sub/a.txt']);
  });

  it('two candidates with the same bytes are not guessed: delete and upload instead', () => {
    const p = synced('a.txt');
    p.locals.delete('a.txt');
    p.locals.set('x.txt', local('x.txt'));
    p.locals.set('y.txt', local('y.txt'));
    expect(lines(plan(p).actions)).toEqual(['upload x.txt', 'upload y.txt', 'delete-remote a.txt x1']);
  });

  it('a recycled inode with other content is not a move', () => {
    const p = synced('a.txt');
    const old = p.locals.get('a.txt')!;
    p.locals.delete('a.txt');
    p.locals.set('new.bin', local('new.bin', { ino: old.ino, size: 99, hash: 'HX', mtimeMs: old.mtimeMs + 1 }));
    expect(lines(plan(p).actions)).toEqual(['upload new.bin', 'delete-remote a.txt x1']);
  });

  it('a moved folder moves once, its contents follow without actions', () => {
    const p = synced('A/', 'A/x.txt', 'A/B/', 'A/B/y.txt', 'C/');
    moveLocal(p, 'A', 'C/A2');
    expect(lines(plan(p).actions)).toEqual(['move-remote A -> C/A2']);
  });

  it('a moved folder with an edited file inside: one move, one upload at the new place', () => {
    const p = synced('A/', 'A/x.txt');
    moveLocal(p, 'A', 'Z');
    p.locals.set('Z/x.txt', { ...p.locals.get('Z/x.txt')!, ...edited });
    expect(lines(plan(p).actions)).toEqual(['move-remote A -> Z', 'upload Z/x.txt']);
  });

  it('the move carries the item id and the new name', () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'b.txt');
    expect(plan(p).actions[0]).toMatchObject({ type: 'move-remote', from: 'a.txt', path: 'b.txt', itemId: 'ID-a.txt', remoteName: 'b.txt' });
  });

  it('renamed and rewritten (same inode, other size): not trusted as a move; the old one goes to the recycle bin', () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'b.txt');
    p.locals.set('b.txt', { ...p.locals.get('b.txt')!, ...edited });
    expect(lines(plan(p).actions)).toEqual(['upload b.txt', 'delete-remote a.txt x1']);
  });

  it('a rename to a name OneDrive refuses is encoded on the way', () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'a?.txt');
    expect(plan(p).actions[0]).toMatchObject({ type: 'move-remote', remoteName: 'a？.txt' });
  });
});

describe('remote renames and moves become one local move', () => {
  it('a renamed file (by item id)', () => {
    const p = synced('a.txt');
    moveRemote(p, 'a.txt', 'b.txt');
    expect(lines(plan(p).actions)).toEqual(['move-local a.txt -> b.txt', 'record b.txt']);
  });

  it('a moved folder: its children are not moved one by one', () => {
    const p = synced('A/', 'A/x.txt', 'A/B/', 'A/B/y.txt');
    moveRemote(p, 'A', 'Q');
    expect(lines(plan(p).actions)).toEqual(['move-local A -> Q', 'record Q']);
  });

  it('moved on both sides to the same place: only recorded', () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'b.txt');
    moveRemote(p, 'a.txt', 'b.txt');
    expect(lines(plan(p).actions)).toEqual(['record b.txt']);
  });

  it("moved on both sides to different places: OneDrive's place wins", () => {
    const p = synced('a.txt');
    moveLocal(p, 'a.txt', 'mine.txt');
    moveRemote(p, 'a.txt', 'theirs.txt');
    expect(lines(plan(p).actions)).toEqual(['move-local mine.txt -> theirs.txt', 'record theirs.txt']);
  });

  it('moved on OneDrive and edited here: the move, then the upload', () => {
    const p = synced('a.txt');
    p.locals.set('a.txt', { ...p.locals.get('a.txt')!, ...edited });
    moveRemote(p, 'a.txt', 'b.txt');
    expect(lines(plan(p).actions)).toEqual(['move-local a.txt -> b.txt', 'upload b.txt']);
  });
});

describe('folder deletions', () => {
  it('a folder deleted here is deleted on OneDrive in one request, counting what it held', () => {
    const p = synced('A/', 'A/x.txt', 'A/B/', 'A/B/y.txt', 'keep.txt');
    for (const k of ['A', 'A/x.txt', 'A/B', 'A/B/y.txt']) p.locals.delete(k);
    expect(lines(plan(p, { force: true }).actions)).toEqual(['delete-remote A x4']);
  });

  it('a folder deleted on OneDrive goes to the trash whole', () => {
    const p = synced('A/', 'A/x.txt', 'keep.txt', 'k2.txt', 'k3.txt');
    for (const k of ['A', 'A/x.txt']) p.remotes.delete(k);
    expect(lines(plan(p).actions)).toEqual(['delete-local A x2']);
  });

  it('a folder deleted here with a file edited on OneDrive inside: the folder comes back with the edit', () => {
    const p = synced('A/', 'A/x.txt', 'A/y.txt', 'k.txt');
    for (const k of ['A', 'A/x.txt', 'A/y.txt']) p.locals.delete(k);
    p.remotes.set('A/x.txt', { ...p.remotes.get('A/x.txt')!, ...redited });
    expect(lines(plan(p).actions)).toEqual(['mkdir-local A', 'download A/x.txt', 'delete-remote A/y.txt x1']);
  });

  it('a folder deleted on OneDrive with a file edited here inside: the folder is recreated there', () => {
    const p = synced('A/', 'A/x.txt', 'A/y.txt', 'k.txt');
    for (const k of ['A', 'A/x.txt', 'A/y.txt']) p.remotes.delete(k);
    p.locals.set('A/x.txt', { ...p.locals.get('A/x.txt')!, ...edited });
    expect(lines(plan(p).actions)).toEqual(['mkdir-remote A', 'upload A/x.txt', 'delete-local A/y.txt x1']);
  });
});

describe('the big-delete guard', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(4, '0')}.txt`);

  it('holds a plan deleting more than half of the pair', () => {
    const p = synced(...many(20));
    for (const f of many(11)) p.locals.delete(f);
    const held = plan(p);
    expect(held.held).toMatchObject({ deletes: 11, total: 20 });
    expect(printPlan(held)).toMatch(/^ON HOLD: This sync would delete 11 of 20 items/);
    expect(plan(p, { force: true }).held).toBeNull();
  });

  it('lets through half or less', () => {
    const p = synced(...many(20));
    for (const f of many(10)) p.locals.delete(f);
    expect(plan(p).held).toBeNull();
  });

  it('does not ask about a handful of deletions in a tiny pair', () => {
    const p = synced('a.txt', 'b.txt');
    p.remotes.delete('a.txt');
    p.remotes.delete('b.txt');
    expect(plan(p).held).toBeNull();
  });

  it('holds more than the item limit even in a huge pair, counting folder contents', () => {
    const p = synced('big/', ...many(30).map((f) => `big/${f}`), ...many(100));
    for (const k of [...p.locals.keys()]) if (k.startsWith('big')) p.locals.delete(k);
    const r = plan(p, { bigDelete: { maxItems: 25, maxFraction: 0.5, minItemsForFraction: 10 } });
    expect(lines(r.actions)).toEqual(['delete-remote big x31']);
    expect(r.held).toMatchObject({ deletes: 31, total: 131 });
  });
});

describe('bad input', () => {
  it('holds the second of two names differing only by case, with a suggestion', () => {
    const p = synced('Report.docx');
    p.locals.set('report.DOCX', local('report.DOCX', { ino: '77' }));
    const a = plan(p).actions;
    expect(lines(a)).toEqual(['skip report.DOCX (case-clash)']);
    expect(a[0]).toMatchObject({ problem: { suggestion: 'report (2).DOCX' } });
  });

  it('holds a new local name that clashes by case with one new on OneDrive, and downloads theirs', () => {
    const p = synced();
    p.locals.set('Notes.txt', local('Notes.txt'));
    p.remotes.set('notes.txt', remote('notes.txt', { hash: 'HZ' }));
    expect(lines(plan(p).actions)).toEqual(['download notes.txt', 'skip Notes.txt (case-clash)']);
  });

  it('leaves out everything inside a folder that is left out', () => {
    const p = synced();
    p.locals.set('CON', local('CON', { kind: 'dir' }));
    p.locals.set('CON/a.txt', local('CON/a.txt'));
    p.locals.set('ok.txt', local('ok.txt'));
    expect(lines(plan(p).actions)).toEqual(['upload ok.txt', 'skip CON (invalid-name)', 'skip CON/a.txt (inside-skipped)']);
  });

  it('never deletes on OneDrive because a file became unsyncable here', () => {
    const p = synced('link');
    p.locals.set('link', local('link', { kind: 'symlink' }));
    expect(lines(plan(p).actions)).toEqual(['skip link (symlink)']);
  });
});

describe('what could not be read', () => {
  it('an unreadable folder is not taken for a deleted one', () => {
    const p = synced('locked/', 'locked/a.txt', 'locked/sub/', 'free.txt');
    for (const k of ['locked', 'locked/a.txt', 'locked/sub']) p.locals.delete(k);
    p.locals.delete('free.txt');
    const r = reconcile({ locals: p.locals.values(), remotes: p.remotes.values(), rows: p.rows, unsure: ['locked'] }, opts());
    expect(lines(r.actions)).toEqual(['delete-remote free.txt x1']);
  });

  it('an unmounted pair folder deletes nothing anywhere', () => {
    const p = synced('a.txt', 'b/');
    p.locals.clear();
    expect(reconcile({ locals: [], remotes: p.remotes.values(), rows: p.rows, unsure: [''] }, opts()).actions).toEqual([]);
  });
});

describe('ignore patterns and selection', () => {
  it('does nothing at all to ignored items on either side', () => {
    const p = synced('a.tmp');
    p.locals.delete('a.tmp');
    p.locals.set('~$doc.docx', local('~$doc.docx'));
    p.remotes.set('x.swp', remote('x.swp'));
    p.locals.set('build/o.o', local('build/o.o'));
    expect(plan(p, { ignore: ['build'] }).actions).toEqual([]);
  });

  it('syncs only the chosen subfolders and the folders leading to them', () => {
    const p = synced();
    for (const r of ['Work', 'Work/Projects', 'Work/Projects/a.txt', 'Work/b.txt', 'Music', 'Music/s.mp3']) {
      p.remotes.set(r, remote(r, r.includes('.') ? {} : { kind: 'dir' }));
    }
    expect(lines(plan(p, { selection: ['Work/Projects'] }).actions)).toEqual([
      'mkdir-local Work', 'mkdir-local Work/Projects', 'download Work/Projects/a.txt',
    ]);
  });
});

describe('a first sync (no journal rows)', () => {
  const first = (locals: LocalEntry[], remotes: RemoteEntry[]) => lines(reconcile({ locals, remotes, rows: [] }, opts()).actions);

  it('pairs each path of either side, whatever order the sides come in', () => {
    const locals = ['b/', 'b/z.txt', 'a.txt', 'b/y.txt', 'up.txt'].map((p) => local(p.replace(/\/$/, ''), p.endsWith('/') ? { kind: 'dir' } : {}));
    const remotes = ['down.txt', 'b/y.txt', 'a.txt', 'b/', 'b/z.txt'].map((p) => remote(p.replace(/\/$/, ''), p.endsWith('/') ? { kind: 'dir' } : {}));
    expect(first(locals, remotes)).toEqual(['record a.txt', 'record b', 'record b/y.txt', 'record b/z.txt', 'download down.txt', 'upload up.txt']);
  });

  it('takes the last entry where one side gives a path twice, as a map by path would', () => {
    const r = reconcile({ locals: [local('a.txt', { hash: 'OLD' }), local('a.txt')], remotes: [remote('a.txt')], rows: [] }, opts());
    expect(r.actions).toHaveLength(1);
    expect(r.actions[0]).toMatchObject({ type: 'record', path: 'a.txt', local: { hash: 'H0' } });
  });

  it('finds a case clash with a new path that sorted before the first new local name', () => {
    // 'A/x.txt' < 'a/x.txt' < 'b.txt': the case check is set up only at 'a/x.txt', and must know the paths before it.
    const locals = [local('a/x.txt'), local('b.txt')];
    const remotes = [remote('A/x.txt', { id: 'other' }), remote('b.txt')];
    expect(first(locals, remotes)).toEqual(['download A/x.txt', 'record b.txt', 'skip a/x.txt (case-clash)']);
  });
});

describe('the plan as data', () => {
  it('orders folders first, deletions deepest first, and counts each kind', () => {
    const nested = synced('A/', 'A/B/', 'A/B/c.txt', 'A/d.txt', 'A/e.txt');
    nested.remotes.delete('A/B/c.txt');
    nested.remotes.delete('A/d.txt');
    expect(lines(plan(nested, { force: true }).actions)).toEqual(['delete-local A/B/c.txt x1', 'delete-local A/d.txt x1']);
    const p = synced('old/', 'old/deep/', 'gone.txt');
    p.locals.delete('gone.txt');
    p.remotes.delete('old');
    p.remotes.delete('old/deep');
    p.locals.set('new/', local('new', { kind: 'dir' }));
    p.locals.set('new/f.txt', local('new/f.txt', { hash: 'HN' }));
    const r = plan(p, { force: true });
    expect(lines(r.actions)).toEqual(['mkdir-remote new', 'upload new/f.txt', 'delete-remote gone.txt x1', 'delete-local old x2']);
    expect(r.counts).toEqual({ 'mkdir-remote': 1, upload: 1, 'delete-local': 1, 'delete-remote': 1 });
    expect(printPlan(r).split('\n').at(-1)).toBe('total: mkdir-remote 1, upload 1, delete-remote 1, delete-local 1');
  });

  it('is a pure function: the same input gives the same plan', () => {
    const p = synced('a.txt', 'b/');
    p.locals.set('a.txt', { ...p.locals.get('a.txt')!, ...edited });
    p.remotes.set('a.txt', { ...p.remotes.get('a.txt')!, ...redited });
    expect(plan(p)).toEqual(plan(p));
    expect(plan(p).actions[0]).toMatchObject({ type: 'conflict', conflictPath: 'a (conflict laptop 2026-11-27 090807).txt' });
  });
});
