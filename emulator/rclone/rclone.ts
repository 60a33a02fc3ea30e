import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RcloneRemote {
  /** The remote's name in the config; use it as `${name}:path`. */
  name: string;
  configPath: string;
  /** The directory rclone may write to (its cache, HOME). */
  dir: string;
  /** Environment holding the token: rclone reads RCLONE_CONFIG_<NAME>_TOKEN like a config line. */
  secretEnv: Record<string, string>;
}

export interface RcloneRemoteOptions {
  dir: string;
  name?: string;
  accessToken: string;
  driveId: string;
  driveType: 'personal' | 'business' | 'documentLibrary';
  /** More `key = value` lines for the remote (chunk_size, link_scope...). */
  extra?: Record<string, string>;
}

/**
 * Writes an rclone config for a onedrive remote. The token's expiry is far in the future so rclone never
 * tries to refresh it against the sign-in host. The token itself is not written to the file: it travels in
 * the child's environment, so no secret lands on disk in plain text, and rclone cannot tell the difference.
 */
export async function writeRcloneConfig(o: RcloneRemoteOptions): Promise<RcloneRemote> {
  const name = o.name ?? 'emu';
  const configPath = join(o.dir, 'rclone.conf');
  const lines = [`[${name}]`, 'type = onedrive', `drive_id = ${o.driveId}`, `drive_type = ${o.driveType}`];
  for (const [k, v] of Object.entries(o.extra ?? {})) lines.push(`${k} = ${v}`);
  await writeFile(configPath, `${lines.join('\n')}\n`, { mode: 0o600 });
  const token = JSON.stringify({ access_token: o.accessToken, token_type: 'Bearer', expiry: '2099-01-01T00:00:00Z' });
  return { name, configPath, dir: o.dir, secretEnv: { [`RCLONE_CONFIG_${name.toUpperCase()}_TOKEN`]: token } };
}

export class RcloneMissingError extends Error {
  readonly kind = 'rclone-missing';
}

export interface RcloneRunOptions {
  /** http://127.0.0.1:PORT of the TLS proxy. */
  proxyUrl: string;
  caPath: string;
  timeoutMs?: number;
  cwd?: string;
}

export interface RcloneResult {
  args: string[];
  /** The process exit code; null when it was killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs rclone against the remote through the proxy. Retries are kept low so a failure shows at once
 * instead of after rclone's default ten attempts.
 */
export function runRclone(remote: RcloneRemote, args: string[], o: RcloneRunOptions): Promise<RcloneResult> {
  const full = [
    '--config', remote.configPath, '--ca-cert', o.caPath, '--cache-dir', join(remote.dir, 'cache'),
    '--retries', '1', '--low-level-retries', '2', '--contimeout', '5s', '--timeout', '15s',
    ...args,
  ];
  // A clean environment: the developer's own RCLONE_* settings or proxies must not leak in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: remote.dir,
    HTTPS_PROXY: o.proxyUrl,
    https_proxy: o.proxyUrl,
    // rclone 1.60 polls a copy's monitor URL with Go's default client, which ignores --ca-cert but reads this.
    SSL_CERT_FILE: o.caPath,
    NO_PROXY: '',
    no_proxy: '',
    ...remote.secretEnv,
  };
  return new Promise((resolve, reject) => {
    execFile('rclone', full, { env, cwd: o.cwd, timeout: o.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string; killed?: boolean }) | null;
        if (e?.code === 'ENOENT') {
          reject(new RcloneMissingError('rclone is not installed or not on PATH; on Debian: apt-get install rclone'));
          return;
        }
        const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
        resolve({ args, code, stdout: redact(stdout, remote), stderr: redact(stderr, remote), timedOut: Boolean(e?.killed) });
      });
  });
}

/**
 * rclone prints a remote's settings when they come from the environment (at -vv), token included; the
 * output is scrubbed before anyone can log or store it.
 */
function redact(text: string, remote: RcloneRemote): string {
  let out = text;
  for (const value of Object.values(remote.secretEnv)) {
    const { access_token: token } = JSON.parse(value) as { access_token: string };
    out = out.split(token).join('[REDACTED]');
  }
  return out;
}

/** A one-line summary for an assertion message: the command, the exit code and rclone's last error lines. */
export function describeRun(r: RcloneResult): string {
  const errors = r.stderr.split('\n').filter((l) => /ERROR|Failed|NOTICE|error/i.test(l)).slice(-6).join('\n');
  return `rclone ${r.args.join(' ')} → exit ${r.code}${r.timedOut ? ' (timed out)' : ''}\n${errors}`;
}
