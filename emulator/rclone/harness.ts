import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../options.js';
import { startEmulator, type Emulator } from '../server.js';
import { makeTestCertificates, type TestCertificates } from './certs.js';
import { startTlsProxy, type TlsProxy } from './proxy.js';
import { runRclone, writeRcloneConfig, type RcloneRemote, type RcloneResult } from './rclone.js';

export interface RcloneHarness {
  profile: Profile;
  emulator: Emulator;
  proxy: TlsProxy;
  certs: TestCertificates;
  remote: RcloneRemote;
  /** A scratch folder removed by close(); put local trees here. */
  dir: string;
  driveId: string;
  /** Calls Graph directly (no proxy) with the same account's token: for checks rclone cannot make. */
  graph(path: string, init?: RequestInit): Promise<Response>;
  rclone(args: string[], timeoutMs?: number): Promise<RcloneResult>;
  /** An rclone bound to another drive of the same account (a SharePoint library), remote name `emu`. */
  rcloneOn(driveId: string, driveType: 'personal' | 'business' | 'documentLibrary'): Promise<(args: string[]) => Promise<RcloneResult>>;
  close(): Promise<void>;
}

export class HarnessError extends Error {
  readonly kind = 'harness';
}

/**
 * Everything rclone needs to talk to an in-process emulator as if it were Microsoft: a throwaway CA, the TLS
 * proxy, a long-lived access token from the admin API and a config naming the profile's drive.
 */
export async function startRcloneHarness(profile: Profile, extra: Record<string, string> = {}): Promise<RcloneHarness> {
  const dir = await mkdtemp(join(tmpdir(), `stratus-rclone-${profile}-`));
  let emulator: Emulator | undefined;
  let proxy: TlsProxy | undefined;
  try {
    const certs = await makeTestCertificates(dir);
    emulator = await startEmulator({ profile });
    proxy = await startTlsProxy({ origin: emulator.origin, cert: certs.cert, key: certs.key });
    const tokenRes = await fetch(`${emulator.adminUrl}/tokens`, { method: 'POST', body: JSON.stringify({ lifetimeSeconds: 24 * 3600 }) });
    if (!tokenRes.ok) throw new HarnessError(`the emulator's admin API refused a token: HTTP ${tokenRes.status}`);
    const { access_token: accessToken } = (await tokenRes.json()) as { access_token: string };
    const driveRes = await fetch(`${emulator.graphUrl}/me/drive`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (!driveRes.ok) throw new HarnessError(`GET /me/drive answered HTTP ${driveRes.status}`);
    const drive = (await driveRes.json()) as { id: string; driveType: 'personal' | 'business' | 'documentLibrary' };
    const remote = await writeRcloneConfig({ dir, accessToken, driveId: drive.id, driveType: drive.driveType, extra });
    const p = proxy;
    const e = emulator;
    return {
      profile, emulator, proxy, certs, remote, dir, driveId: drive.id,
      graph: (path, init = {}) => fetch(`${e.graphUrl}${path}`, {
        ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${accessToken}` },
      }),
      rclone: (args, timeoutMs) => runRclone(remote, args, { proxyUrl: p.url, caPath: certs.caPath, timeoutMs, cwd: dir }),
      rcloneOn: async (driveId, driveType) => {
        const sub = await mkdtemp(join(dir, 'drive-'));
        const other = await writeRcloneConfig({ dir: sub, accessToken, driveId, driveType, extra });
        return (args) => runRclone(other, args, { proxyUrl: p.url, caPath: certs.caPath, cwd: sub });
      },
      close: async () => {
        await p.close();
        await e.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await proxy?.close();
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
