// Opens a OneDrive on a fresh in-process emulator, with tokens from its admin API.
import { afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../../../emulator/server.js';
import type { Emulator } from '../../../emulator/server.js';
import { Pacer } from '../../graph/pacer.js';
import { emulatorTokens } from '../../graph/test/harness.js';
import type { CountingTokens } from '../../graph/test/harness.js';
import { OneDrive } from '../onedrive.js';
import type { OneDriveOptions } from '../options.js';

export type Profile = 'personal' | 'business';

export interface Rig {
  e: Emulator;
  drive: OneDrive;
  tokens: CountingTokens;
  tmp: string;
  close(): Promise<void>;
}

const openRigs: Rig[] = [];

/** Call once per test file: every rig a test opened is closed when the test ends. */
export function closeRigsAfterEach(): void {
  afterEach(async () => {
    for (const rig of openRigs.splice(0)) await rig.close();
  });
}

export async function openRig(profile: Profile, options: Partial<OneDriveOptions> = {}, emulatorOpts: { pageSize?: number } = {}): Promise<Rig> {
  const e = await startEmulator({ profile, ...emulatorOpts });
  const tokens = emulatorTokens(e);
  const drive = await OneDrive.open({
    accountId: 'acct', tokens: tokens.provider, pacer: new Pacer('acct', { minSpacingMs: 0 }),
    options: { graph_url: e.graphUrl, ...options }, backoffBaseMs: 20, maxRetries: 4, timeoutMs: 10_000,
  });
  const tmp = await mkdtemp(join(tmpdir(), 'stratus-od-'));
  const rig = { e, drive, tokens, tmp, close: async () => { await e.close(); await rm(tmp, { recursive: true, force: true }); } };
  openRigs.push(rig);
  return rig;
}

export async function seed(e: Emulator, items: Record<string, unknown>[]): Promise<void> {
  const r = await fetch(`${e.adminUrl}/seed`, { method: 'POST', body: JSON.stringify({ items }) });
  if (r.status !== 201) throw new Error(`seed refused: ${await r.text()}`);
}

export async function setAccount(e: Emulator, body: Record<string, unknown>): Promise<void> {
  const accounts = ((await (await fetch(`${e.adminUrl}/accounts`)).json()) as { value: { id: string }[] }).value;
  const r = await fetch(`${e.adminUrl}/accounts/${encodeURIComponent(accounts[0]!.id)}`, { method: 'PATCH', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`account change refused: ${await r.text()}`);
}

export async function contentSettings(e: Emulator, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${e.adminUrl}/content/settings`, { method: 'POST', body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`content settings refused: ${await r.text()}`);
}
