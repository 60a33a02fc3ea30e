// Where the Electron runtime binary is, without triggering Electron's download-on-first-use.
// Shared by `npm start` and the Electron e2e tests, which must say clearly when no binary can be had.
// (This module runs in plain Node: it never imports 'electron' itself.)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronPackageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

export function electronBinary(): string | undefined {
  const pkgDir = electronPackageDir();
  if (!pkgDir) return undefined;
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}
