import { defaultBandwidth, formatBwLimit } from '../graph/bandwidth.js';
import { parseBwTimetable } from '../graph/bwtimetable.js';
import type { BwTimetable } from '../graph/bwtimetable.js';
import { loadSettings, saveSettings } from '../sync/runner/pairs.js';
import type { BandwidthLimit } from './contract.js';
import { ServiceError } from './errors.js';

function parse(text: string): BwTimetable {
  try {
    return parseBwTimetable(text, 'The bandwidth limit');
  } catch (e) {
    throw new ServiceError('invalid', (e as Error).message);
  }
}

/**
 * The transfer speed limits the user set in the app: in force in this process's budgets (every client of an
 * account shares them) and kept in the service's settings, so a restart brings them back before any pair starts.
 */
export class SpeedLimits {
  /** Settles once the saved limits are in force (at once without a data folder). */
  readonly ready: Promise<void>;

  constructor(private readonly home?: string) {
    this.ready = home ? this.restore(home) : Promise.resolve();
  }

  async set(text: string, accountId?: string): Promise<BandwidthLimit> {
    const table = parse(text);
    await this.ready;
    if (accountId) defaultBandwidth.setAccount(accountId, table);
    else defaultBandwidth.setAll(table);
    const saved = table.toString();
    if (this.home) {
      const settings = await loadSettings(this.home);
      if (accountId) settings.bwlimitByAccount = { ...settings.bwlimitByAccount, [accountId]: saved };
      else {
        // As in the budgets: a limit for every account replaces each account's own.
        settings.bwlimit = saved;
        delete settings.bwlimitByAccount;
      }
      await saveSettings(this.home, settings);
    }
    return { ...table.limitAt(new Date()), text: saved };
  }

  /** The limit in force now (one account's, or the one every account starts with) and its saved text. */
  async get(accountId?: string): Promise<BandwidthLimit> {
    await this.ready;
    const settings = this.home ? await loadSettings(this.home) : {};
    const limit = accountId ? defaultBandwidth.for(accountId).current() : defaultBandwidth.fallbackLimit();
    const text = (accountId ? settings.bwlimitByAccount?.[accountId] : undefined) ?? settings.bwlimit ?? formatBwLimit(limit);
    return { ...limit, text };
  }

  /** Stops a timetable's switching (host shutdown). */
  close(): void {
    defaultBandwidth.close();
  }

  /** A saved value that no longer parses is left out rather than stopping the service from starting. */
  private async restore(home: string): Promise<void> {
    const settings = await loadSettings(home).catch((): Awaited<ReturnType<typeof loadSettings>> => ({}));
    const tryParse = (t: string | undefined) => {
      try {
        return t === undefined ? undefined : parseBwTimetable(t);
      } catch {
        return undefined;
      }
    };
    const all = tryParse(settings.bwlimit);
    if (all) defaultBandwidth.setAll(all);
    for (const [id, t] of Object.entries(settings.bwlimitByAccount ?? {})) {
      const one = tryParse(t);
      if (one) defaultBandwidth.setAccount(id, one);
    }
  }
}
