// A two-sided harness against the emulator, in the manner of Nextcloud desktop's syncenginetestutils: a temp
// folder and the emulator's tree under /Sync; change either side, sync, compare both sides file by file by hash.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { quickXorHash } from '../../hash/index.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { openRig } from '../../onedrive/test/setup.js';
import type { Profile, Rig } from '../../onedrive/test/setup.js';
import { syncOnce } from '../engine/sync-once.js';
import type { PassResult } from '../engine/sync-once.js';
import type { Backup } from '../execute/backup.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import type { LocalFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { GraphDrive } from '../remote/graph-drive.js';
import { CHUNK, PAIR } from './harness-constants.js';
import { localFiles } from './tree-hashes.js';

export { localFiles };

export { CHUNK, PAIR } from './harness-constants.js';

export interface Pair {
  rig: Rig;
  root: string;
  trashHome: string;
  journalFile: string;
  folderId: string;
  remote: GraphDrive;
  fs: NodeFs;
  journal: Journal;
  pass(over?: { fs?: LocalFs; hostname?: string; backup?: Backup }): Promise<PassResult>;
  /** Moves the engine's clock on, e.g. past the backoff of items that failed. */
  later(ms: number): void;
  /** Closes the journal (a child process is about to own it) and opens it again. */
  reopenJournal(): void;
  close(): Promise<void>;
}

export async function openPair(profile: Profile = 'personal'): Promise<Pair> {
  const rig = await openRig(profile);
  const root = join(rig.tmp, 'pair');
  await mkdir(root);
  const folder = await rig.drive.mkdir('Sync');
  const remote = new GraphDrive(rig.drive.ctx, folder.id, CHUNK);
  const journalFile = join(rig.tmp, 'journal.db');
  const trashHome = join(rig.tmp, 'data');
  let skewMs = 0;
  const p: Pair = {
    rig, root, trashHome, journalFile, folderId: folder.id, remote,
    fs: new NodeFs(root, new FreedesktopTrash(trashHome)),
    journal: new Journal(journalFile),
    pass: (over = {}) => syncOnce({
      pairId: PAIR, fs: over.fs ?? p.fs, remote, journal: p.journal, transfers: 4, now: () => Date.now() + skewMs,
      options: defaultOptions(onedriveNameRules, over.hostname ?? 'laptop', Date.now(), { remoteRootPath: '/Sync' }),
      decode: (n) => onedriveEncoder.decode(n),
      ...(over.backup ? { backup: over.backup } : {}),
    }),
    later: (ms) => { skewMs += ms; },
    reopenJournal: () => { p.journal.close(); p.journal = new Journal(journalFile); },
    close: async () => { p.journal.close(); await rig.close(); },
  };
  p.journal.putPair({ pairId: PAIR, driveId: remote.driveId, remoteRootId: folder.id, localRoot: root });
  return p;
}

export const hashOf = (content: string | Buffer): string => quickXorHash(typeof content === 'string' ? Buffer.from(content) : content);

/** Every file under a local folder, path → QuickXorHash. */
interface TreeItem { path?: string; kind: string; quickXorHash?: string }
interface Tree { items: TreeItem[]; recycleBin: TreeItem[] }

async function tree(p: Pair): Promise<Tree> {
  return (await (await fetch(`${p.rig.e.adminUrl}/tree`)).json()) as Tree;
}

/** Every file under /Sync on the emulator, read through the admin API (no Graph request is logged). */
export async function remoteFiles(p: Pair): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const it of (await tree(p)).items) {
    const path = (it.path ?? '').replace(/^\//, '');
    if (it.kind === 'file' && path.startsWith('Sync/')) out.set(path.slice('Sync/'.length), it.quickXorHash ?? '?');
  }
  return out;
}

/** Hashes of everything kept aside: the OneDrive recycle bin and the local trash. */
export async function keptAside(p: Pair): Promise<Set<string>> {
  const out = new Set<string>();
  for (const it of (await tree(p)).recycleBin) if (it.quickXorHash) out.add(it.quickXorHash);
  for (const h of (await localFiles(join(p.trashHome, 'Trash', 'files'))).values()) out.add(h);
  return out;
}

/** Both sides hold the same files with the same bytes; returns them. */
export async function bothSides(p: Pair): Promise<{ local: Map<string, string>; remote: Map<string, string> }> {
  return { local: await localFiles(p.root), remote: await remoteFiles(p) };
}

/** Every hash given is somewhere: on the disk, on OneDrive, in the trash or the recycle bin. */
export async function missing(p: Pair, hashes: Iterable<string>): Promise<string[]> {
  const { local, remote } = await bothSides(p);
  const all = new Set([...local.values(), ...remote.values(), ...(await keptAside(p))]);
  return [...hashes].filter((h) => !all.has(h));
}

export async function writeLocal(p: Pair, path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(join(p.root, path)), { recursive: true });
  await writeFile(join(p.root, path), content);
}

export async function removeLocal(p: Pair, path: string): Promise<void> {
  await rm(join(p.root, path), { recursive: true });
}

/** A change made on OneDrive by another device (path relative to /Sync). */
export async function remoteChange(p: Pair, change: Record<string, unknown>): Promise<void> {
  const c = { ...change, path: `Sync/${String(change.path)}`, ...(typeof change.to === 'string' ? { to: `Sync/${change.to}` } : {}) };
  const r = await fetch(`${p.rig.e.adminUrl}/change`, { method: 'POST', body: JSON.stringify(c) });
  if (!r.ok) throw new Error(`remote change refused: ${await r.text()}`);
}

/** A file (or several) put on OneDrive as another device would. */
export async function writeRemote(p: Pair, path: string, content: string | Buffer): Promise<void> {
  const body = typeof content === 'string' ? { content } : { base64: content.toString('base64') };
  await remoteChange(p, { op: 'create', path, ...body });
}

export async function lastSeq(p: Pair): Promise<number> {
  const log = await requests(p);
  return log.at(-1)?.seq ?? 0;
}

export async function requests(p: Pair, since = 0): Promise<{ seq: number; method: string; path: string; status: number; fault?: number }[]> {
  const r = await fetch(`${p.rig.e.adminUrl}/requests?since=${since}`);
  return ((await r.json()) as { value: { seq: number; method: string; path: string; status: number; fault?: number }[] }).value;
}

export async function fault(p: Pair, rule: Record<string, unknown> | Record<string, unknown>[]): Promise<void> {
  const r = await fetch(`${p.rig.e.adminUrl}/faults`, { method: 'POST', body: JSON.stringify(rule) });
  if (r.status !== 201) throw new Error(`fault rule refused: ${await r.text()}`);
}

export async function clearFaults(p: Pair): Promise<void> {
  await fetch(`${p.rig.e.adminUrl}/faults`, { method: 'DELETE' });
}
