import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRclone, writeRcloneConfig } from './rclone.js';

const token = 'EwTESTtoken-must-never-show-0123456789';
let dir: string;

beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'stratus-rclone-cfg-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** A loopback port nothing listens on, so rclone fails fast without touching any network. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('the rclone config and runner', () => {
  it('writes the drive to the config file and keeps the token out of it', async () => {
    const remote = await writeRcloneConfig({ dir, accessToken: token, driveId: 'b!abc', driveType: 'business', extra: { link_scope: 'organization' } });
    const text = await readFile(remote.configPath, 'utf8');
    expect(text).toContain('[emu]\ntype = onedrive\ndrive_id = b!abc\ndrive_type = business\nlink_scope = organization\n');
    expect(text).not.toContain(token);
  });

  it('hands rclone the token and scrubs it from everything rclone prints', async () => {
    const remote = await writeRcloneConfig({ dir, accessToken: token, driveId: 'b!abc', driveType: 'business' });
    const r = await runRclone(remote, ['lsjson', 'emu:', '-vv', '--low-level-retries', '1'], {
      proxyUrl: `http://127.0.0.1:${await closedPort()}`, caPath: join(dir, 'no-ca.pem'), timeoutMs: 20_000,
    });
    expect(r.code).not.toBe(0);
    // rclone echoes settings taken from the environment at -vv: proof the token reached it, redacted.
    expect(r.stderr).toContain('[REDACTED]');
    expect(r.stderr + r.stdout).not.toContain(token);
  });
});
