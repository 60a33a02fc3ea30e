import { openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';

/**
 * One process at a time per pair: two passes over the same folder and journal would each take the other's
 * writes for the user's. A lock left by a process that died is taken over.
 */
export function lockPair(file: string, pairId: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new Error(`Pair ${pairId} is being synced by another stratus process (pid ${pid}); stop it first or wait for it to finish.`, { cause: e });
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock pair ${pairId} (${file}).`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
