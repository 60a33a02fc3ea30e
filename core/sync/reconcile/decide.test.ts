import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import type { JournalRow } from '../journal/types.js';
import type { LocalEntry, PairOptions, RemoteEntry, SyncMode } from './types.js';
import { edited, local, opts, redited, remote, row, rtouched, T0, touched } from './test/fixtures.js';

const ctx = { taken: () => false };
const P = 'docs/report.docx';

function act(l: LocalEntry | null, r: RemoteEntry | null, j: JournalRow | null, o: Partial<PairOptions> = {}) {
  const a = decide(P, l, r, j, opts(o), ctx);
  return a && (a.type === 'skip' ? `skip:${a.problem.kind}` : a.type === 'upload' || a.type === 'download' ? `${a.type}:${a.why}` : a.type);
}

// Each row: what is on disk, on OneDrive, in the journal, and the one action expected in two-way mode.
const TWO_WAY: [string, LocalEntry | null, RemoteEntry | null, JournalRow | null, string | null][] = [
  ['nothing anywhere', null, null, null, null],
  ['unchanged on both sides', local(P), remote(P), row(P), null],
  ['new here', local(P), null, null, 'upload:new'],
  ['new on OneDrive', null, remote(P), null, 'download:new'],
  ['edited here', local(P, edited), remote(P), row(P), 'upload:changed'],
  ['edited on OneDrive', local(P), remote(P, redited), row(P), 'download:changed'],
  ['only the time changed here', local(P, touched), remote(P), row(P), 'metadata-remote'],
  ['only the time changed on OneDrive', local(P), remote(P, rtouched), row(P), 'metadata-local'],
  ['edited on both sides differently', local(P, edited), remote(P, redited), row(P), 'conflict'],
  ['edited on both sides to the same bytes', local(P, { ...edited, size: 14, hash: 'H2' }), remote(P, redited), row(P), 'record'],
  ['deleted here, unchanged there', null, remote(P), row(P), 'delete-remote'],
  ['deleted on OneDrive, unchanged here', local(P), null, row(P), 'delete-local'],
  ['deleted here, edited on OneDrive: the edit wins', null, remote(P, redited), row(P), 'download:restore'],
  ['deleted on OneDrive, edited here: the edit wins', local(P, edited), null, row(P), 'upload:restore'],
  ['deleted on OneDrive, only touched here: follows the deletion', local(P, touched), null, row(P), 'delete-local'],
  ['deleted on both sides', null, null, row(P), 'record'],
  ['created on both sides with the same bytes', local(P), remote(P), null, 'record'],
  ['created on both sides differently', local(P, edited), remote(P), null, 'conflict'],
  ['created on both sides, server hash not ready', local(P), remote(P, { hash: undefined }), null, 'conflict'],
  ['file here, folder there', local(P), remote(P, { kind: 'dir' }), row(P), 'conflict'],
  ['new folder here', local(P, { kind: 'dir' }), null, null, 'mkdir-remote'],
  ['new folder on OneDrive', null, remote(P, { kind: 'dir' }), null, 'mkdir-local'],
  ['folder on both sides', local(P, { kind: 'dir' }), remote(P, { kind: 'dir' }), null, 'record'],
  ['folder, unchanged', local(P, { kind: 'dir', mtimeMs: T0 + 1 }), remote(P, { kind: 'dir', eTag: 'e0' }), row(P, { kind: 'dir' }), null],
  ['renamed elsewhere, tags refreshed', local(P), remote(P, { eTag: 'e9' }), row(P), 'record'],
  ['OneDrive touched and the local time already matches', local(P, { mtimeMs: T0 + 7000 }), remote(P, rtouched), row(P), 'record'],
  ['business: no cTag, content judged by hash', local(P), remote(P, { eTag: 'e1', cTag: undefined, hash: 'H5' }), row(P, { cTag: null }), 'download:changed'],
  ['no hashes at all: size and time decide', local(P), remote(P, { eTag: 'e1', cTag: undefined, hash: undefined, mtimeMs: T0 + 1000 }), row(P, { cTag: null, quickXorHash: null }), 'download:changed'],
  ['OneNote notebook', null, remote(P, { kind: 'package' }), null, 'skip:onenote'],
  ['symlink here', local(P, { kind: 'symlink' }), null, null, 'skip:symlink'],
  ['FIFO here', local(P, { kind: 'other' }), null, null, 'skip:special-file'],
  ['a 251 GB file', local(P, { size: 251e9 }), null, null, 'skip:too-large'],
  ['a 250 GB file is fine', local(P, { size: 250e9 }), null, null, 'upload:new'],
];

describe('two-way', () => {
  it.each(TWO_WAY)('%s', (_name, l, r, j, expected) => {
    expect(act(l, r, j)).toBe(expected);
  });
});

// One-way modes: [case, two-way's answer's inputs, upload-only, download-only]
const ONE_WAY: [string, LocalEntry | null, RemoteEntry | null, JournalRow | null, string | null, string | null][] = [
  ['new here', local(P), null, null, 'upload:new', null],
  ['new on OneDrive', null, remote(P), null, null, 'download:new'],
  ['edited here', local(P, edited), remote(P), row(P), 'upload:changed', null],
  ['edited on OneDrive', local(P), remote(P, redited), row(P), null, 'download:changed'],
  ['edited on both: one-way side wins, the other is kept (versions / conflict copy)', local(P, edited), remote(P, redited), row(P), 'upload:changed', 'conflict'],
  ['deleted here', null, remote(P), row(P), 'delete-remote', 'download:restore'],
  ['deleted on OneDrive', local(P), null, row(P), 'upload:restore', 'delete-local'],
  ['deleted on OneDrive, edited here', local(P, edited), null, row(P), 'upload:restore', null],
  ['time changed here', local(P, touched), remote(P), row(P), 'metadata-remote', 'metadata-local'],
  ['time changed on OneDrive', local(P), remote(P, rtouched), row(P), 'metadata-remote', 'metadata-local'],
  ['new folder here', local(P, { kind: 'dir' }), null, null, 'mkdir-remote', null],
  ['new folder on OneDrive', null, remote(P, { kind: 'dir' }), null, null, 'mkdir-local'],
];

describe.each(['upload-only', 'download-only'] as SyncMode[])('%s', (mode) => {
  it.each(ONE_WAY)('%s', (_name, l, r, j, up, down) => {
    expect(act(l, r, j, { mode })).toBe(mode === 'upload-only' ? up : down);
  });
});

describe('names on the way up', () => {
  const nameAct = (path: string, o: Partial<PairOptions> = {}) => decide(path, local(path), null, null, opts(o), ctx);

  it('maps characters OneDrive refuses with the rclone encoding', () => {
    expect(nameAct('a:b?.txt')).toMatchObject({ type: 'upload', remoteName: 'a：b？.txt' });
    expect(nameAct('dir/ trailing.')).toMatchObject({ type: 'upload', remoteName: '␠trailing．' });
  });

  it('leaves them out with a message when mapping is off', () => {
    const a = nameAct('a:b.txt', { invalidNames: 'skip' });
    expect(a).toMatchObject({ type: 'skip', problem: { kind: 'invalid-name', suggestion: 'a_b.txt' } });
  });

  it.each(['CON', 'aux.txt', 'desktop.ini', 'x_vti_y', '.lock'])('refuses the reserved name %s with a suggestion', (name) => {
    const a = nameAct(`d/${name}`);
    expect(a?.type).toBe('skip');
    expect(a).toMatchObject({ problem: { kind: 'invalid-name' } });
  });

  it('refuses "forms" only at the top of the pair', () => {
    expect(decide('forms', local('forms', { kind: 'dir' }), null, null, opts(), ctx)?.type).toBe('skip');
    expect(decide('x/forms', local('x/forms', { kind: 'dir' }), null, null, opts(), ctx)?.type).toBe('mkdir-remote');
  });

  it('holds paths over 400 characters on OneDrive, counting the pair folder', () => {
    const name = `${'n'.repeat(195)}.txt`;
    const path = `${'d'.repeat(200)}/${name}`;
    expect(nameAct(path)?.type).toBe('upload');
    expect(nameAct(path, { remoteRootPath: '/Documents' })).toMatchObject({ type: 'skip', problem: { kind: 'path-too-long' } });
  });
});

describe('conflicts', () => {
  it('in download-only mode keep the local copy but never upload it', () => {
    expect(decide(P, local(P, edited), remote(P, redited), row(P), opts({ mode: 'download-only' }), ctx)).toMatchObject({ type: 'conflict', uploadCopy: false });
    expect(decide(P, local(P, edited), remote(P, redited), row(P), opts(), ctx)).toMatchObject({ type: 'conflict', uploadCopy: true });
  });

  it('keep the server name and put the local copy beside it, named after host and time', () => {
    const a = decide(P, local(P, edited), remote(P, redited), row(P), opts(), ctx);
    expect(a).toMatchObject({ type: 'conflict', path: P, conflictPath: 'docs/report (conflict laptop 2026-11-27 090807).docx' });
  });
});
