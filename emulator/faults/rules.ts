// Fault rules: what the admin API sets so a test can make the emulator misbehave the way the real service
// does (throttling, 5xx, connections dropped mid-body, slow answers), for some requests only.

export type DropWhen = 'now' | 'request' | 'response';

export interface FaultSpec {
  /** HTTP method to match ("PUT"); absent or "*": any. */
  method?: string;
  /** Glob on the decoded path: `*` stays within one segment, `**` crosses segments. Absent: any path. */
  path?: string;
  /** A regular expression (JavaScript syntax) tested against the decoded path, instead of `path`. */
  regex?: string;
  /** Let this many matching requests through before the rule starts firing. */
  skip?: number;
  /** Fire this many times, then retire. Absent: fire until cleared. */
  count?: number;
  /** Chance of firing on each match, 0..1 (default 1). */
  probability?: number;
  /** Answer this status (429, 503, any 5xx...) with a Graph error body. */
  status?: number;
  /** Seconds for Retry-After (429 and 503 get 1 when absent). */
  retryAfter?: number;
  /** Graph error code and message for `status` (sensible defaults per status). */
  code?: string;
  message?: string;
  /** Drop the connection: at once, after reading part of the request body, or after sending part of the answer. */
  drop?: DropWhen;
  /** For drop request/response: body bytes to let through first (default: half the Content-Length, else 0). */
  afterBytes?: number;
  /** Hold the request this long before going on (alone: a slow answer; with status/drop: then fail). */
  delayMs?: number;
}

export interface FaultRule extends FaultSpec {
  id: number;
  /** Matching requests seen so far and times fired. */
  seen: number;
  fired: number;
}

export type SpecCheck = { ok: true; spec: FaultSpec } | { ok: false; message: string };

/** Validates a rule from the admin API; the message says what is wrong in words a test author understands. */
export function checkSpec(raw: unknown): SpecCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, message: 'a fault rule is a JSON object' };
  const s = raw as Record<string, unknown>;
  const num = (k: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
    s[k] === undefined || (typeof s[k] === 'number' && (s[k] as number) >= min && (s[k] as number) <= max);
  if (!num('skip', 0) || !num('count', 1) || !num('afterBytes', 0) || !num('delayMs', 0, 600_000) || !num('retryAfter', 0)) {
    return { ok: false, message: 'skip, afterBytes, delayMs and retryAfter are numbers ≥ 0; count is ≥ 1' };
  }
  if (!num('probability', 0, 1)) return { ok: false, message: 'probability is a number from 0 to 1' };
  if (s.status !== undefined && !(typeof s.status === 'number' && Number.isInteger(s.status) && s.status >= 400 && s.status <= 599)) {
    return { ok: false, message: 'status is an HTTP error status from 400 to 599' };
  }
  if (s.drop !== undefined && !['now', 'request', 'response'].includes(s.drop as string)) {
    return { ok: false, message: 'drop is "now", "request" or "response"' };
  }
  if (s.status === undefined && s.drop === undefined && s.delayMs === undefined) {
    return { ok: false, message: 'a fault rule needs status, drop or delayMs' };
  }
  if (s.regex !== undefined) {
    try { new RegExp(String(s.regex)); } catch (err) { return { ok: false, message: `regex does not compile: ${(err as Error).message}` }; }
  }
  for (const k of ['method', 'path', 'regex', 'code', 'message']) {
    if (s[k] !== undefined && typeof s[k] !== 'string') return { ok: false, message: `${k} is a string` };
  }
  return { ok: true, spec: s as FaultSpec };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') { re += '.*'; i++; } else re += '[^/]*';
    } else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

interface Compiled { rule: FaultRule; test: (path: string) => boolean }

/** The rules of one emulator, in the order added; the first that matches and fires wins. */
export class FaultRules {
  private rules: Compiled[] = [];
  private nextId = 1;

  get size(): number { return this.rules.length; }

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = { ...spec, id: this.nextId++, seen: 0, fired: 0 };
    const re = spec.regex !== undefined ? new RegExp(spec.regex) : spec.path !== undefined ? globToRegExp(spec.path) : undefined;
    this.rules.push({ rule, test: re ? (p) => re.test(p) : () => true });
    return rule;
  }

  list(): FaultRule[] { return this.rules.map((c) => ({ ...c.rule })); }

  /** Removes one rule by id, or all of them. */
  clear(id?: number): number {
    const before = this.rules.length;
    this.rules = id === undefined ? [] : this.rules.filter((c) => c.rule.id !== id);
    return before - this.rules.length;
  }

  /** The rule that fires for this request, if any (counts it; retires rules whose count is spent). */
  match(method: string, path: string, random: () => number = Math.random): FaultRule | undefined {
    for (const c of this.rules) {
      const r = c.rule;
      if (r.method && r.method !== '*' && r.method.toUpperCase() !== method) continue;
      if (!c.test(path)) continue;
      r.seen++;
      if (r.seen <= (r.skip ?? 0)) continue;
      if (r.probability !== undefined && random() >= r.probability) continue;
      r.fired++;
      if (r.count !== undefined && r.fired >= r.count) this.rules = this.rules.filter((x) => x !== c);
      return { ...r };
    }
    return undefined;
  }
}
