import { describe, expect, it } from 'vitest';
import { conflictPath, splitExt } from './conflict-name.js';
import { DEFAULT_IGNORE, globToRegExp, IgnoreRules, Selection, ignoresUnder } from './filters.js';

describe('globs', () => {
  it.each([
    ['*.tmp', 'a.tmp', true],
    ['*.tmp', 'A.TMP', true],
    ['*.tmp', 'a.tmpx', false],
    ['~*', '~$report.docx', true],
    ['~*', 'a~b', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['[abc]*', 'banana', true],
    ['[!abc]*', 'banana', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['*', 'dir/file', false],
  ])('%s against %s is %s', (glob, name, hit) => {
    expect(globToRegExp(glob).test(name)).toBe(hit);
  });
});

describe('ignore rules', () => {
  const rules = new IgnoreRules([...DEFAULT_IGNORE, 'node_modules', 'build/out', '/cache/']);
  it.each([
    ['~$report.docx', true],
    ['docs/.~lock.report.odt#', true],
    ['x/y/draft.tmp', true],
    ['.notes.txt.swp', true],
    ['movie.mkv.partial', true],
    ['project/node_modules/pkg/index.js', true],
    ['build/out/a.o', true],
    ['src/build/out/a.o', false],
    ['cache', true],
    ['report.docx', false],
    ['tmp/report.docx', false],
  ])('%s ignored: %s', (path, hit) => {
    expect(rules.ignores(path)).toBe(hit);
  });
});

describe('selection', () => {
  const sel = new Selection(['/Work/Projects', 'Photos/']);
  it.each([
    ['Work/Projects', 'dir', true],
    ['work/projects/a.txt', 'file', true],
    ['Work', 'dir', true],
    ['Work/notes.txt', 'file', false],
    ['Work/Other', 'dir', false],
    ['Work/ProjectsOld', 'dir', false],
    ['Photos/2024/x.jpg', 'file', true],
    ['Music', 'dir', false],
    ['Music/song.mp3', 'file', false],
    ['readme.txt', 'file', true],
  ])('%s (%s) kept: %s', (path, kind, kept) => {
    expect(sel.includes(path, kind)).toBe(kept);
  });

  it('keeps everything when nothing is chosen', () => {
    expect(new Selection([]).includes('any/thing.txt', 'file')).toBe(true);
  });
});

describe('conflict names', () => {
  const at = Date.UTC(2026, 0, 2, 3, 4, 5);
  it.each([
    ['report.docx', 'report (conflict host 2026-01-02 030405).docx'],
    ['a/b/archive.tar.gz', 'a/b/archive.tar (conflict host 2026-01-02 030405).gz'],
    ['.bashrc', '.bashrc (conflict host 2026-01-02 030405)'],
    ['README', 'README (conflict host 2026-01-02 030405)'],
  ])('%s → %s', (path, expected) => {
    expect(conflictPath(path, 'host', at)).toBe(expected);
  });

  it('never reuses a name in use, and keeps host names path-safe', () => {
    const first = 'r (conflict my-pc 2026-01-02 030405).txt';
    expect(conflictPath('r.txt', 'my/pc', at, (p) => p === first)).toBe('r (conflict my-pc 2026-01-02 030405 2).txt');
  });

  it('splits extensions the way people read them', () => {
    expect(splitExt('x.')).toEqual({ stem: 'x', ext: '.' });
    expect(splitExt('.config.json')).toEqual({ stem: '.config', ext: '.json' });
  });
});

describe('ignoresUnder', () => {
  it('answers as ignores does, asking each folder once', () => {
    const rules = new IgnoreRules([...DEFAULT_IGNORE, 'build', 'docs/private/*', '/node_modules/']);
    const paths = ['a.txt', '~lock', 'd/~lock', 'd/~x/e.txt', 'build/out.js', 'src/build', 'src/build/x', 'docs/private/k.txt',
      'docs/private', 'docs/privatex/k.txt', 'docs/private/sub/k.txt', 'node_modules/m/i.js', 'x/node_modules', 'x.tmp/y', 'x/y.TMP', ''];
    const asked: string[] = [];
    const counting = Object.assign(Object.create(rules) as IgnoreRules, { ignores: (p: string) => (asked.push(p), rules.ignores(p)) });
    const memo = ignoresUnder(counting);
    for (const p of [...paths, ...paths]) expect(memo(p), p).toBe(rules.ignores(p));
    expect(asked.length).toBe(new Set(asked).size);
  });
});
