// rclone beside our engine, against the same emulator process: the conformance tooling's throwaway CA, TLS
// proxy and config, pointed at the emulator's origin. rclone runs with its defaults (4 transfers, 8 checkers).
import { join } from 'node:path';
import { makeTestCertificates } from '../emulator/rclone/certs.js';
import { startTlsProxy } from '../emulator/rclone/proxy.js';
import type { TlsProxy } from '../emulator/rclone/proxy.js';
import { describeRun, runRclone, writeRcloneConfig } from '../emulator/rclone/rclone.js';
import type { EmulatorProcess } from './sync-env.js';

export interface RcloneSide {
  /** Runs `rclone copy from to` and returns its wall time in ms; throws with rclone's errors if it failed. */
  copy(from: string, to: string): Promise<number>;
  proxy: TlsProxy;
  close(): Promise<void>;
}

export async function startRclone(e: EmulatorProcess, dir: string): Promise<RcloneSide> {
  const certs = await makeTestCertificates(dir);
  const proxy = await startTlsProxy({ origin: e.origin, cert: certs.cert, key: certs.key });
  const me = (await (await fetch(`${e.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${e.token}` } })).json()) as { id: string; driveType: 'personal' };
  const remote = await writeRcloneConfig({ dir: join(dir), accessToken: e.token, driveId: me.id, driveType: me.driveType });
  return {
    proxy,
    copy: async (from, to) => {
      const t = performance.now();
      // The harness keeps retries low (a failure shows at once); the tree must go through whole to count.
      const r = await runRclone(remote, ['copy', from.replace(/^emu:/, `${remote.name}:`), to.replace(/^emu:/, `${remote.name}:`)],
        { proxyUrl: proxy.url, caPath: certs.caPath, timeoutMs: 30 * 60_000, cwd: dir });
      const ms = performance.now() - t;
      if (r.code !== 0) throw new Error(`rclone failed: ${describeRun(r)}`);
      return ms;
    },
    close: () => proxy.close(),
  };
}
