import { join } from 'node:path';
import type { AuthManager } from '../auth/manager.js';
import { defaultBandwidth } from '../graph/bandwidth.js';
import { parseBwTimetable } from '../graph/bwtimetable.js';
import type { BwTimetable } from '../graph/bwtimetable.js';
import type { TokenProvider } from '../graph/client.js';
import { GraphError } from '../graph/errors.js';
import { OneDrive } from '../onedrive/onedrive.js';
import { OPTION_NAMES, SECRET_OPTIONS, resolveOptions, setOption } from '../onedrive/options.js';
import type { OneDriveOptions } from '../onedrive/options.js';
import type { SecretStore } from '../secrets/store.js';
import { flag, has, remoteName } from './args.js';
import type { ParsedArgs } from './args.js';
import { loadConfig, saveConfig, stratusHome } from './home.js';
import type { CliConfig } from './home.js';

/** Everything a command needs: where state lives, the options in force, and how to reach the drive. */
export class Session {
  private store: SecretStore | undefined;
  private drives = new Map<string, OneDrive>();

  private constructor(
    readonly home: string, readonly config: CliConfig, readonly args: ParsedArgs, readonly env: NodeJS.ProcessEnv,
    private readonly notice: (line: string) => void,
  ) {}

  /** `notice` gets lines for the user that are not the command's output (throttling). */
  static async create(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env, notice: (line: string) => void = () => undefined): Promise<Session> {
    const home = stratusHome(env);
    return new Session(home, await loadConfig(home), args, env, notice);
  }

  get verbose(): boolean {
    return has(this.args, 'verbose', 'v');
  }

  async save(): Promise<void> {
    await saveConfig(this.home, this.config);
  }

  /** The keychain, opened only by commands that need it (msal and keytar are slow to load). */
  async secrets(): Promise<SecretStore> {
    if (this.store) return this.store;
    const { openSecretStore } = await import('../secrets/factory.js');
    this.store = await openSecretStore({
      folder: join(this.home, 'secrets'),
      service: this.env.STRATUS_KEYCHAIN_SERVICE || undefined,
      allowFileStore: this.env.STRATUS_FILE_SECRETS === '1',
    });
    return this.store;
  }

  /** Config file, then the keychain's secrets, then --option flags (rclone's --onedrive-x, or just --x). */
  async options(withSecrets = false): Promise<OneDriveOptions> {
    let o = resolveOptions(this.config.options);
    if (withSecrets) {
      for (const name of SECRET_OPTIONS) {
        const v = await this.secretOption(name);
        if (v) o = { ...o, [name]: v };
      }
    }
    for (const name of OPTION_NAMES) {
      const dashed = name.replace(/_/g, '-');
      const v = flag(this.args, `onedrive-${dashed}`, dashed);
      if (v !== undefined) o = setOption(o, name, v);
    }
    return o;
  }

  async secretOption(name: string): Promise<string | undefined> {
    // Only touch the keychain when something was saved there, so plain commands work without one.
    if (!this.config.secrets?.includes(name)) return undefined;
    return (await this.secrets()).get(`cli:${name}`);
  }

  async auth(o: OneDriveOptions, store: SecretStore): Promise<AuthManager> {
    const { AuthManager } = await import('../auth/manager.js');
    return new AuthManager({
      store,
      clientId: o.client_id || undefined,
      clientSecret: o.client_secret || undefined,
      region: o.region,
      tenant: o.tenant || undefined,
      authUrl: o.auth_url || undefined,
      tokenUrl: o.token_url || undefined,
      graphUrl: o.graph_url || undefined,
    });
  }

  /** STRATUS_TOKEN (an access token, for scripts and tests; never saved), a remote's account, or the current one. */
  private async tokens(o: OneDriveOptions, account?: string): Promise<{ accountId: string; provider: TokenProvider }> {
    const token = this.env.STRATUS_TOKEN;
    if (token) return { accountId: 'env', provider: async () => token };
    if (!account && !this.config.account) {
      throw new GraphError({ kind: 'auth', message: 'No account is signed in: run "stratus login" first.' });
    }
    const manager = await this.auth(o, await this.secrets());
    if (!account) return { accountId: this.config.account!, provider: manager.tokenProvider };
    const found = (await manager.accounts()).find((a) => a.id === account || a.username.toLowerCase() === account.toLowerCase());
    if (!found) throw new GraphError({ kind: 'auth', message: `The account ${account} is not signed in: run "stratus login" and sign in as ${account}.` });
    return { accountId: found.id, provider: manager.tokenProvider };
  }

  /**
   * `--bwlimit RATE`, `UP:DOWN` or a timetable (rclone's forms), else STRATUS_BWLIMIT (as rclone reads
   * RCLONE_BWLIMIT); undefined when neither is given. A bad value is a usage error naming where it came from.
   */
  bwlimit(): BwTimetable | undefined {
    const v = flag(this.args, 'bwlimit');
    if (v !== undefined) return parseBwTimetable(v);
    const env = this.env.STRATUS_BWLIMIT;
    return env ? parseBwTimetable(env, 'STRATUS_BWLIMIT') : undefined;
  }

  /** The drive a path argument names: a named remote's drive, else the default one. */
  async onedrive(pathArg?: string): Promise<OneDrive> {
    // Checked before signing in or reaching the network, so a typo fails at once.
    const bw = this.bwlimit();
    const name = remoteName(pathArg) ?? '';
    const remote = this.config.remotes?.[name];
    const key = remote ? name : '';
    const cached = this.drives.get(key);
    if (cached) return cached;
    let o = await this.options(true);
    if (remote) o = { ...o, drive_id: remote.drive_id ?? '', drive_type: '' };
    const t = await this.tokens(o, remote?.account);
    const drive = await OneDrive.open({ accountId: t.accountId, tokens: t.provider, options: o });
    // The account's budget: every drive, pair and transfer of the account in this process shares it.
    // A timetable switches slots on time for as long as the command runs (sync --watch).
    if (bw) defaultBandwidth.setAccount(t.accountId, bw);
    drive.client.onThrottle((e) => {
      if (e.until) this.notice(`stratus: OneDrive is throttling this account, waiting: ${e.message}`);
    });
    this.drives.set(key, drive);
    return drive;
  }
}
