export type Profile = 'personal' | 'business';

export interface EmulatorOptions {
  profile: Profile;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** With a folder, state survives a restart; without one it lives in memory. */
  dataDir?: string;
  /** Added before every answer, to model a real network in benchmarks. */
  latencyMs: number;
  /** Caps request and response bodies at this many bytes per second each way (0 or absent: no cap). */
  bandwidth?: number;
  /** Default page size for children and delta. */
  pageSize: number;
  /** Skip the consent page: authorize approves at once as the first account. */
  autoApprove: boolean;
}

export const defaultOptions: EmulatorOptions = {
  profile: 'personal',
  port: 0,
  host: '127.0.0.1',
  latencyMs: 0,
  pageSize: 200,
  autoApprove: false,
};

/** Parses `--profile personal --port 0 --data DIR --latency-ms N --page-size N --auto-approve`. */
export function parseArgs(argv: string[]): EmulatorOptions {
  const o: EmulatorOptions = { ...defaultOptions };
  const need = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (v: string, flag: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, not "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--profile': {
        const v = need(i++, a);
        if (v !== 'personal' && v !== 'business') throw new Error(`--profile is personal or business, not "${v}"`);
        o.profile = v;
        break;
      }
      case '--port': o.port = int(need(i++, a), a); break;
      case '--host': o.host = need(i++, a); break;
      case '--data': o.dataDir = need(i++, a); break;
      case '--latency-ms': o.latencyMs = int(need(i++, a), a); break;
      case '--bandwidth': o.bandwidth = int(need(i++, a), a); break;
      case '--page-size': o.pageSize = Math.max(1, int(need(i++, a), a)); break;
      case '--auto-approve': o.autoApprove = true; break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}
