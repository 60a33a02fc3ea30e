import { lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { Trash } from './types.js';

/**
 * The freedesktop.org trash (what GNOME Files, KDE Dolphin and `gio trash` use), for hosts without Electron's
 * shell.trashItem. Files on the home disk go to `$XDG_DATA_HOME/Trash`; files on another disk go to that disk's
 * `$topdir/.Trash-$uid`, because a trash must never copy across disks.
 */
export class FreedesktopTrash implements Trash {
  constructor(
    private readonly dataHome: string = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'),
    private readonly uid: number = process.getuid?.() ?? 0,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async trashItem(absolutePath: string): Promise<void> {
    const item = await lstat(absolutePath);
    const homeTrash = join(this.dataHome, 'Trash');
    await mkdir(this.dataHome, { recursive: true });
    const homeDev = (await lstat(this.dataHome)).dev;
    if (item.dev === homeDev) {
      await this.moveInto(homeTrash, absolutePath, absolutePath);
      return;
    }
    const top = await topDir(absolutePath, item.dev);
    // The spec's per-disk trash; its info file holds the path relative to the disk's top folder.
    await this.moveInto(join(top, `.Trash-${this.uid}`), absolutePath, relative(top, absolutePath));
  }

  private async moveInto(trashDir: string, absolutePath: string, recordedPath: string): Promise<void> {
    const files = join(trashDir, 'files');
    const info = join(trashDir, 'info');
    await mkdir(files, { recursive: true, mode: 0o700 });
    await mkdir(info, { recursive: true, mode: 0o700 });
    const { name, infoPath } = await this.reserveName(info, basename(absolutePath), recordedPath);
    try {
      await rename(absolutePath, join(files, name));
    } catch (e) {
      await unlink(infoPath).catch(() => undefined);
      throw e;
    }
  }

  /** Creates the .trashinfo file exclusively first: that is how the spec makes concurrent trashers pick distinct names. */
  private async reserveName(infoDir: string, original: string, recordedPath: string): Promise<{ name: string; infoPath: string }> {
    const body = `[Trash Info]\nPath=${escapePath(recordedPath)}\nDeletionDate=${localTimestamp(this.now())}\n`;
    const ext = extname(original);
    const stem = ext && ext !== original ? original.slice(0, -ext.length) : original;
    for (let n = 1; ; n++) {
      const name = n === 1 ? original : `${stem}.${n}${ext === original ? '' : ext}`;
      const infoPath = join(infoDir, `${name}.trashinfo`);
      try {
        const fh = await open(infoPath, 'wx', 0o600);
        try {
          await fh.writeFile(body);
        } finally {
          await fh.close();
        }
        return { name, infoPath };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
}

/** The highest folder above `path` still on the same disk: the mount point. */
async function topDir(path: string, dev: number): Promise<string> {
  let dir = dirname(path);
  for (;;) {
    const up = dirname(dir);
    if (up === dir || (await lstat(up)).dev !== dev) return dir;
    dir = up;
  }
}

function escapePath(p: string): string {
  return p.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function localTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
