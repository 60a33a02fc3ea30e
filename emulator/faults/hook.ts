import type { EmulatorContext } from '../context.js';
import { readJson, sendGraphError, sendJson, type Handler } from '../http.js';
import { RequestLog } from './log.js';
import { limitRequest, limitResponse, Shaper } from './pace.js';
import { checkSpec, FaultRules, type FaultRule } from './rules.js';

/** Faults, pace and the request log of one emulator. */
export interface FaultState {
  rules: FaultRules;
  log: RequestLog;
  /** Client to emulator (request bodies) and emulator to client (response bodies); undefined: no cap. */
  up?: Shaper;
  down?: Shaper;
}

const states = new WeakMap<EmulatorContext, FaultState>();

export function faultState(ctx: EmulatorContext): FaultState {
  let s = states.get(ctx);
  if (!s) {
    const cap = ctx.options.bandwidth;
    s = { rules: new FaultRules(), log: new RequestLog(), up: cap ? new Shaper(cap) : undefined, down: cap ? new Shaper(cap) : undefined };
    states.set(ctx, s);
  }
  return s;
}

const DEFAULT_ERRORS: Record<number, [string, string, string?]> = {
  429: ['activityLimitReached', 'The request has been throttled', 'throttledRequest'],
  500: ['generalException', 'An unspecified error has occurred.'],
  502: ['generalException', 'Bad Gateway'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable for maintenance or is overloaded.'],
  504: ['generalException', 'The gateway timed out.'],
  507: ['quotaLimitReached', 'Insufficient Space Available', 'insufficientSpaceAvailable'],
  509: ['activityLimitReached', 'Bandwidth limit exceeded', 'bandwidthLimitExceeded'],
};

const ADMIN = '/_emulator/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/*
 * Admin routes (test-only):
 *   POST   /_emulator/faults      a FaultSpec (rules.ts) or an array of them -> 201 {value: rules with ids}
 *                                 e.g. {"method":"PUT","path":"/_upload/*","status":503,"retryAfter":2,"count":1}
 *                                      {"path":"/_download","drop":"response","afterBytes":65536}
 *                                      {"regex":"^/v1\\.0/me/drive","delayMs":500,"probability":0.1}
 *   GET    /_emulator/faults      {value: rules, with how often each was seen and fired}
 *   DELETE /_emulator/faults[/ID] clear all rules, or one
 *   GET|PUT /_emulator/pace       {latencyMs, bytesPerSecond | uploadBytesPerSecond, downloadBytesPerSecond}
 *                                 (0 or null: no cap); --latency-ms and --bandwidth set them at start
 *   GET    /_emulator/requests?since=SEQ   {value: [{seq,time,method,path,status,ms,fault?}]}; DELETE clears
 */

/**
 * Runs first for every request: answers the faults/pace/requests admin routes, logs Graph and identity
 * traffic, applies body pacing, and fires the first matching fault rule. Admin traffic is never faulted.
 */
export function faultHook(ctx: EmulatorContext): Handler {
  const state = faultState(ctx);
  return async (req, res, url) => {
    const path = url.pathname;
    if (path.startsWith(ADMIN)) return adminRoute(ctx, state, req, res, url);

    const entry = state.log.start(req.method ?? 'GET', req.url ?? path);
    const started = performance.now();
    res.once('close', () => {
      entry.status = res.headersSent ? res.statusCode : 0;
      entry.ms = Math.round(performance.now() - started);
    });

    const rule = state.rules.size > 0 ? state.rules.match(req.method ?? 'GET', safeDecode(path)) : undefined;
    if (rule) entry.fault = rule.id;
    if (rule?.delayMs) await sleep(rule.delayMs);

    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const dropRequest = rule?.drop === 'request' ? (rule.afterBytes ?? 'half') : undefined;
    if (hasBody && (state.up || dropRequest !== undefined)) limitRequest(req, { shaper: state.up, dropAfter: dropRequest });
    const dropResponse = rule?.drop === 'response' ? (rule.afterBytes ?? 'half') : undefined;
    if (state.down || dropResponse !== undefined) limitResponse(res, { shaper: state.down, dropAfter: dropResponse });

    if (!rule) return false;
    if (rule.drop === 'now' || (rule.drop === 'request' && !hasBody)) {
      req.socket.destroy();
      return true;
    }
    if (rule.status !== undefined) {
      answer(rule, req, res);
      return true;
    }
    return false;
  };
}

function answer(rule: FaultRule, req: Parameters<Handler>[0], res: Parameters<Handler>[1]): void {
  const status = rule.status!;
  const [code, message, inner] = DEFAULT_ERRORS[status] ?? [status >= 500 ? 'generalException' : 'invalidRequest', `Injected fault ${status}`];
  const headers: Record<string, string> = {};
  const retryAfter = rule.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  sendGraphError(res, status, rule.code ?? code, rule.message ?? message, { inner: rule.code ? undefined : inner, headers, req });
}

function safeDecode(path: string): string {
  try { return decodeURIComponent(path); } catch { return path; }
}

async function adminRoute(ctx: EmulatorContext, state: FaultState, req: Parameters<Handler>[0], res: Parameters<Handler>[1], url: URL): Promise<boolean> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === '/_emulator/faults' || path.startsWith('/_emulator/faults/')) {
    if (method === 'GET') { sendJson(res, 200, { value: state.rules.list() }); return true; }
    if (method === 'DELETE') {
      const id = path.slice('/_emulator/faults/'.length);
      sendJson(res, 200, { removed: state.rules.clear(id ? Number(id) : undefined) });
      return true;
    }
    if (method === 'POST') {
      const body = await readJson<unknown>(req).catch(() => undefined);
      const specs = Array.isArray(body) ? body : [body];
      const checked = specs.map(checkSpec);
      const bad = checked.find((c) => !c.ok);
      if (bad && !bad.ok) { sendJson(res, 400, { error: { code: 'invalidRequest', message: bad.message } }); return true; }
      const added = checked.map((c) => state.rules.add((c as { ok: true; spec: Parameters<FaultRules['add']>[0] }).spec));
      sendJson(res, 201, { value: added });
      return true;
    }
  }
  if (path === '/_emulator/pace') {
    if (method === 'PUT' || method === 'POST') {
      const body = (await readJson<Record<string, unknown>>(req).catch(() => undefined)) ?? {};
      const rate = (v: unknown) => (typeof v === 'number' && v > 0 ? new Shaper(v) : undefined);
      if (typeof body.latencyMs === 'number' && body.latencyMs >= 0) ctx.options.latencyMs = body.latencyMs;
      if ('bytesPerSecond' in body) { state.up = rate(body.bytesPerSecond); state.down = rate(body.bytesPerSecond); }
      if ('uploadBytesPerSecond' in body) state.up = rate(body.uploadBytesPerSecond);
      if ('downloadBytesPerSecond' in body) state.down = rate(body.downloadBytesPerSecond);
    } else if (method !== 'GET') return false;
    sendJson(res, 200, {
      latencyMs: ctx.options.latencyMs,
      uploadBytesPerSecond: state.up?.bytesPerSecond ?? null,
      downloadBytesPerSecond: state.down?.bytesPerSecond ?? null,
    });
    return true;
  }
  if (path === '/_emulator/requests') {
    if (method === 'DELETE') { state.log.clear(); sendJson(res, 200, { cleared: true }); return true; }
    if (method === 'GET') { sendJson(res, 200, { value: state.log.since(Number(url.searchParams.get('since') ?? 0)) }); return true; }
  }
  return false;
}
