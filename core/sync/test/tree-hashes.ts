// Both sides of a pair as path → QuickXorHash maps, so tests can assert "both sides equal, file by file".
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quickXorHash } from '../../hash/index.js';
import type { OneDrive } from '../../onedrive/index.js';

/** Every file under a local folder (a missing folder is empty). */
export async function localFiles(dir: string, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const d of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = prefix ? `${prefix}/${d.name}` : d.name;
    if (d.isDirectory()) for (const [k, v] of await localFiles(join(dir, d.name), p)) out.set(k, v);
    else out.set(p, quickXorHash(await readFile(join(dir, d.name))));
  }
  return out;
}

/** Every file under a OneDrive folder, as the client lists it (hashes as the server reports them). */
export async function driveFiles(drive: OneDrive, path: string, prefix = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const it of await drive.list(path)) {
    const p = prefix ? `${prefix}/${it.name}` : it.name;
    if (it.folder) for (const [k, v] of await driveFiles(drive, `${path}/${it.name}`, p)) out.set(k, v);
    else out.set(p, it.file?.hashes?.quickXorHash ?? '?');
  }
  return out;
}
