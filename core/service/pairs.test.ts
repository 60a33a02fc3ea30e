import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairStatus } from './contract.js';
import { openServiceRig, until } from './test/rig.js';
import type { ServiceRig } from './test/rig.js';

let rig: ServiceRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function remoteText(path: string): Promise<string | undefined> {
  const tree = (await (await fetch(`${rig!.emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string; size?: number }[] };
  return tree.items.find((i) => i.path === `/${path}` && i.kind === 'file') ? 'present' : undefined;
}

describe('sync pairs in the service', () => {
  it('adds a pair that starts syncing at once, follows remote edits, pauses, and is removed', async () => {
    rig = await openServiceRig({ prefix: 'pairs' });
    const { service, tmp, account, drive, emulator } = rig;
    const statuses: PairStatus[] = [];
    service.on('pairStatus', (s) => statuses.push(s));
    const engine: string[] = [];
    service.on('engineState', (e) => engine.push(e.state));

    const local = join(tmp, 'OneDrive');
    await mkdir(local);
    await writeFile(join(local, 'hello.txt'), 'hello from this computer');
    await expect(service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Documents', local: 'relative/path', mode: 'two-way' }))
      .rejects.toThrow(/full folder path/);
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Documents', local, mode: 'two-way' });
    await until('the upload', () => remoteText('Documents/hello.txt'));
    expect(statuses.some((s) => s.state === 'syncing')).toBe(true);
    await until('idle', () => statuses.at(-1)?.state === 'idle' || undefined);
    expect(await service.listPairs()).toEqual([expect.objectContaining({ id: pair.id, local, remote: 'Documents', status: expect.objectContaining({ state: 'idle' }) })]);

    await fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path: 'Documents/hello.txt', content: 'edited on the web' }) });
    await service.syncNow(pair.id);
    await until('the download', async () => ((await readFile(join(local, 'hello.txt'), 'utf8')) === 'edited on the web' ? true : undefined));

    await service.pauseSync(2);
    const paused = await until('paused', () => statuses.find((s) => s.state === 'paused'));
    expect(Date.parse(paused.until!) - Date.now()).toBeGreaterThan(7_100_000);
    await service.resumeSync();

    await service.removePair(pair.id);
    expect(await service.listPairs()).toEqual([]);
    // The app's own state followed the folder's: it looked, synced, paused, and is idle with no folder left.
    expect(engine).toEqual(expect.arrayContaining(['scanning', 'syncing', 'paused', 'idle']));
    expect(await service.getEngineState()).toEqual({ state: 'idle' });
    // Removing a pair stops syncing it; the files stay on both sides.
    expect(await readFile(join(local, 'hello.txt'), 'utf8')).toBe('edited on the web');
    expect(await remoteText('Documents/hello.txt')).toBe('present');
  });

  it('answers as soon as a pair has started, not after its first sync; the pair reports its way to up to date', async () => {
    // Every request takes 150 ms: the first sync of this folder takes well over a second.
    rig = await openServiceRig({ prefix: 'pairs', latencyMs: 150, seed: Array.from({ length: 6 }, (_, i) => ({ path: `Big/f${i}.txt`, content: `f${i}` })) });
    const { service, tmp, account, drive } = rig;
    const statuses: PairStatus[] = [];
    service.on('pairStatus', (s) => statuses.push(s));
    const local = join(tmp, 'Big');
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Big', local, mode: 'two-way' });
    expect(pair.status.state).not.toBe('idle');
    await expect(readFile(join(local, 'f5.txt'), 'utf8')).rejects.toThrow(/ENOENT/);
    await until('the first sync', () => statuses.find((s) => s.pairId === pair.id && s.state === 'idle'));
    expect(await readFile(join(local, 'f5.txt'), 'utf8')).toBe('f5');
  });

  it("hands a file a remote deletion removes here to the host's trash, by its full path", async () => {
    const trashed: string[] = [];
    // The host's trash (Electron passes shell.trashItem): here it keeps what it gets in a folder of the test.
    const trash = { trashItem: async (path: string) => { trashed.push(path); await rename(path, join(rig!.tmp, `trashed-${trashed.length}`)); } };
    rig = await openServiceRig({ prefix: 'pairs', trash });
    const { service, tmp, account, drive, emulator } = rig;
    const local = join(tmp, 'OneDrive');
    await mkdir(local);
    await writeFile(join(local, 'old.txt'), 'keep me somewhere');
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Docs', local, mode: 'two-way' });
    await until('the upload', () => remoteText('Docs/old.txt'));

    await fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'delete', path: 'Docs/old.txt' }) });
    await service.syncNow(pair.id);
    await until('the local deletion', () => (trashed.length > 0 ? true : undefined));
    expect(trashed).toEqual([join(local, 'old.txt')]);
    expect(await readFile(join(tmp, 'trashed-1'), 'utf8')).toBe('keep me somewhere');
    await expect(readFile(join(local, 'old.txt'))).rejects.toThrow(/ENOENT/);
  });

  it('lists a conflict and carries out "keep mine": the file takes this computer\'s version on both sides', async () => {
    rig = await openServiceRig({ prefix: 'pairs' });
    const { service, tmp, account, drive, emulator } = rig;
    const local = join(tmp, 'OneDrive');
    await mkdir(local);
    await writeFile(join(local, 'plan.txt'), 'v1');
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Docs', local, mode: 'two-way' });
    await until('the upload', () => remoteText('Docs/plan.txt'));
    expect(await service.listConflicts()).toEqual([]);

    await service.pauseSync(null); // both edits land before the next pass sees either
    await writeFile(join(local, 'plan.txt'), 'mine');
    await fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path: 'Docs/plan.txt', content: 'theirs' }) });
    await service.resumeSync();
    await service.syncNow(pair.id);
    const [c] = await until('the conflict', async () => (await service.listConflicts())[0] ? service.listConflicts() : undefined);
    expect(c).toMatchObject({ pairId: pair.id, path: 'plan.txt', conflictPath: expect.stringMatching(/^plan \(conflict .+\)\.txt$/) });
    expect(await readFile(join(local, 'plan.txt'), 'utf8')).toBe('theirs');

    await expect(service.resolveConflict(pair.id, c!.id + 99, 'keep-mine')).rejects.toThrow(/not open/);
    await service.resolveConflict(pair.id, c!.id, 'keep-mine');
    expect(await service.listConflicts()).toEqual([]);
    expect(await readFile(join(local, 'plan.txt'), 'utf8')).toBe('mine');
    await until('the copy to leave OneDrive', async () => (await remoteText(`Docs/${c!.conflictPath}`)) ? undefined : true);
    await until('the upload of mine', async () => {
      const t = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; size?: number }[] };
      return t.items.find((i) => i.path === '/Docs/plan.txt')?.size === 4 ? true : undefined;
    });
  });

  it('lists a pair\'s folders for the picker and keeps only the chosen ones; choosing all again brings the rest', async () => {
    rig = await openServiceRig({ prefix: 'pairs', seed: [{ path: 'Team/Projects/a.txt', content: 'a' }, { path: 'Team/Archive/b.txt', content: 'b' }] });
    const { service, tmp, account, drive, emulator } = rig;
    const local = join(tmp, 'Team');
    const pair = await service.addPair({ accountId: account.id, driveId: drive.id, remote: 'Team', local, mode: 'two-way' });
    await until('the first sync', async () => (await readFile(join(local, 'Archive/b.txt'), 'utf8').catch(() => undefined)));

    expect((await service.listPairFolders(pair.id, '')).map((f) => f.path)).toEqual(['Archive', 'Projects']);
    await expect(service.setPairFolders(pair.id, ['../outside'])).rejects.toThrow(/leaves the pair's folder/);
    expect((await service.setPairFolders(pair.id, ['Projects'])).selection).toEqual(['Projects']);
    const edit = (path: string, content: string) => fetch(`${emulator.adminUrl}/change`, { method: 'POST', body: JSON.stringify({ op: 'edit', path, content }) });
    await edit('Team/Archive/b.txt', 'b, edited');
    await edit('Team/Projects/a.txt', 'a, edited');
    await service.syncNow(pair.id);
    await until('the chosen folder to sync', async () => ((await readFile(join(local, 'Projects/a.txt'), 'utf8')) === 'a, edited' ? true : undefined));
    expect(await readFile(join(local, 'Archive/b.txt'), 'utf8')).toBe('b');

    await service.setPairFolders(pair.id, []);
    await until('the rest to come back', async () => ((await readFile(join(local, 'Archive/b.txt'), 'utf8')) === 'b, edited' ? true : undefined));
    expect((await service.listPairs())[0]!.selection).toEqual([]);
  });
});
