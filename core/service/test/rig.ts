// A signed-in service against a fresh emulator, for the service's integration tests: written once so each test
// says only what it checks.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthManager } from '../../auth/index.js';
import { MemorySecretStore } from '../../auth/test/memory-store.js';
import { startEmulator } from '../../../emulator/server.js';
import type { Emulator } from '../../../emulator/server.js';
import type { AccountSummary, DriveSummary } from '../contract.js';
import { emulatorEndpoints } from '../endpoints.js';
import { StratusService } from '../service.js';
import type { ServiceOptions } from '../service.js';

export interface ServiceRig {
  emulator: Emulator;
  service: StratusService;
  /** The test's folder: the service's home, the trash and the test's local folders go in it. */
  tmp: string;
  account: AccountSummary;
  drive: DriveSummary;
  /** POSTs a change to the emulator's admin API (`/change`, `/seed`, ...). */
  admin(path: string, body: unknown): Promise<void>;
  /** Files on OneDrive under `folder`, path → size. */
  remoteFiles(folder: string): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function openServiceRig(o: { prefix: string; trash?: ServiceOptions['trash']; seed?: unknown[]; latencyMs?: number }): Promise<ServiceRig> {
  const emulator = await startEmulator({ profile: 'personal', autoApprove: true, latencyMs: o.latencyMs ?? 0 });
  const admin = async (path: string, body: unknown) => {
    const r = await fetch(`${emulator.adminUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path} refused: ${await r.text()}`);
  };
  await admin('/auth/settings', { deviceCodeInterval: 0 });
  if (o.seed) await admin('/seed', { items: o.seed });
  const tmp = await mkdtemp(join(tmpdir(), `stratus-${o.prefix}-`));
  // The freedesktop trash for local deletions, kept in the test's folder (when the host gives no trash).
  const dataHome = process.env.XDG_DATA_HOME;
  process.env.XDG_DATA_HOME = join(tmp, 'data');
  const auth = new AuthManager({ store: new MemorySecretStore(), ...emulatorEndpoints(emulator.origin) });
  const service = new StratusService({ host: 'headless', auth, home: join(tmp, 'home'), ...(o.trash ? { trash: o.trash } : {}) });
  const account = await service.signIn('device-code');
  const [drive] = await service.listDrives(account.id);
  return {
    emulator, service, tmp, account, drive: drive!, admin,
    async remoteFiles(folder) {
      const tree = (await (await fetch(`${emulator.adminUrl}/tree`)).json()) as { items: { path?: string; kind: string; size?: number }[] };
      return Object.fromEntries(tree.items.filter((i) => i.kind === 'file' && i.path?.startsWith(`/${folder}/`)).map((i) => [i.path!, i.size ?? 0]));
    },
    async close() {
      await service.stopSync();
      await emulator.close();
      if (dataHome === undefined) delete process.env.XDG_DATA_HOME;
      else process.env.XDG_DATA_HOME = dataHome;
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it gives a value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
