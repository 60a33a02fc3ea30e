import { describe, expect, it } from 'vitest';
import type { PassResult } from '../engine/sync-once.js';
import type { ExecReport } from '../execute/execute.js';
import type { Action } from '../reconcile/types.js';
import { LocalChanges } from './local-changes.js';

function result(report: Partial<ExecReport> | null, o: { actions?: Action['type'][]; unsure?: string[]; localLeft?: string[] } = {}): PassResult {
  return {
    plan: { actions: (o.actions ?? []).map((type) => ({ type, path: 'p' }) as unknown as Action), held: null, counts: {} },
    report: report && { held: false, done: 0, failed: [], deferred: 0, again: false, ...report },
    problems: [], resynced: false, requests: 1, localLeft: o.localLeft ?? [], unsure: o.unsure ?? [],
  };
}

describe('LocalChanges', () => {
  it('scans everything first, then hands over only the reported paths and what the journal could not hold', () => {
    const c = new LocalChanges(60_000);
    expect(c.take(0)).toEqual({ full: true, paths: undefined });
    expect(c.after(result({}, { localLeft: ['link'] }))).toBe(false);
    c.changed(['a.txt', 'b.txt']);
    c.changed(['a.txt']);
    expect(c.take(1).paths?.sort()).toEqual(['a.txt', 'b.txt', 'link']);
    // Taken means gone: the next pass gets only what arrives after.
    expect(c.take(2)).toEqual({ full: false, paths: ['link'] });
  });

  it('a passing watcher failure costs one full scan; a lasting one makes every pass scan everything', () => {
    const c = new LocalChanges(60_000);
    c.take(0);
    c.rescan();
    expect(c.take(1).full).toBe(true);
    c.after(result({}));
    expect(c.take(2).full).toBe(false);
    c.rescan(true);
    for (let t = 3; t < 6; t++) {
      expect(c.take(t).full).toBe(true);
      c.after(result({}));
    }
  });

  it('a pass that did not finish its work, failed, or could not read a folder makes the next one scan everything', () => {
    const unfinished: Array<PassResult | null> = [
      result({ failed: [{ path: 'x', kind: 'network', message: 'm' }] }), result({ deferred: 1 }), result({ held: true }),
      result({}, { unsure: ['dir'] }), result(null), null,
    ];
    for (const r of unfinished) {
      const c = new LocalChanges(60_000);
      c.take(0);
      c.after(result({}));
      expect(c.take(1).full).toBe(false);
      c.after(r);
      expect(c.take(2).full).toBe(true);
    }
  });

  it('after the watcher lost events, and on the safety interval, the next pass scans everything', () => {
    const c = new LocalChanges(1_000);
    c.take(0);
    c.after(result({}));
    c.rescan();
    expect(c.take(10).full).toBe(true);
    c.after(result({}));
    expect(c.take(500).full).toBe(false);
    c.after(result({}));
    expect(c.take(1_010).full).toBe(true);
  });

  it('asks for one more pass at once after writing to OneDrive (its echoes) or when the executor left a follow-up', () => {
    const c = new LocalChanges(60_000);
    c.take(0);
    expect(c.after(result({ done: 1 }, { actions: ['upload'] }))).toBe(true);
    expect(c.after(result({ done: 1 }, { actions: ['download'] }))).toBe(false);
    expect(c.after(result({ again: true }))).toBe(true);
    expect(c.after(result({ held: true }, { actions: ['delete-remote'] }))).toBe(false);
  });
});
