import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OneDriveOptions } from '../onedrive/options.js';

/** Where config and state live: STRATUS_HOME, else the OS's per-user app data folder. */
export function stratusHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STRATUS_HOME) return env.STRATUS_HOME;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Stratus');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Stratus');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'stratus');
}

/** The CLI's config file. Secrets (client_secret, link_password) are never here: they go to the keychain. */
export interface CliConfig {
  options: Partial<OneDriveOptions>;
  /** The signed-in account commands act for. */
  account?: string;
  /** Names of the secret options saved in the keychain (their values are never in this file). */
  secrets?: string[];
  /**
   * Named remotes, written NAME:path: another drive, and/or another signed-in account (its own drive unless a
   * drive id is given). Any other name means the current account's default drive.
   */
  remotes?: Record<string, { drive_id?: string; account?: string }>;
}

export function configPath(home: string): string {
  return join(home, 'config.json');
}

export async function loadConfig(home: string): Promise<CliConfig> {
  try {
    const parsed = JSON.parse(await readFile(configPath(home), 'utf8')) as Partial<CliConfig>;
    return { options: parsed.options ?? {}, account: parsed.account, secrets: parsed.secrets, remotes: parsed.remotes };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { options: {} };
    throw new Error(`The config file ${configPath(home)} is not readable JSON: fix or delete it (${(e as Error).message}).`, { cause: e });
  }
}

/** Written to a temp file then renamed, so a crash never leaves half a config. */
export async function saveConfig(home: string, config: CliConfig): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const tmp = `${configPath(home)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, configPath(home));
}
