import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin.js';
import type { EmulatorContext } from './context.js';
import { faultHook } from './faults/hook.js';
import { withGraph, type GraphContext } from './graph/context.js';
import { loadStore, persist } from './graph/persist.js';
import { graphRoutes } from './graph/routes.js';
import { DriveStore } from './graph/store.js';
import { sendGraphError, type Handler } from './http.js';
import { defaultAccounts } from './identity/accounts.js';
import { identityRoutes } from './identity/routes.js';
import { TokenRegistry } from './identity/tokens.js';
import { defaultOptions, type EmulatorOptions } from './options.js';

export interface Emulator {
  /** Microsoft Graph base, e.g. http://127.0.0.1:PORT/v1.0 */
  graphUrl: string;
  /** Identity platform authority, e.g. http://127.0.0.1:PORT/common */
  authorityUrl: string;
  /** Test-only admin API, e.g. http://127.0.0.1:PORT/_emulator */
  adminUrl: string;
  origin: string;
  context: GraphContext;
  close(): Promise<void>;
}

/** Starts the emulator on a port (0: any free one) and resolves once it listens. */
export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  const opts: EmulatorOptions = { ...defaultOptions, ...options };
  const base: EmulatorContext = {
    options: opts,
    accounts: defaultAccounts(opts.profile),
    tokens: new TokenRegistry(),
    origin: '',
  };
  const fresh = () => DriveStore.create(opts.profile, base.accounts);
  const store = opts.dataDir ? loadStore(opts.dataDir, fresh) : fresh();
  const persistence = opts.dataDir ? persist(store, opts.dataDir) : undefined;
  const context = withGraph(base, store);
  // Order matters only for the shared /_emulator/ prefix: identity claims /_emulator/auth/, admin the rest.
  const handlers: Handler[] = [faultHook(context), identityRoutes(context), adminRoutes(context), graphRoutes(context)];

  const server: Server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', context.origin);
    } catch {
      // A request target no URL parser accepts must not take the emulator down.
      sendGraphError(res, 400, 'invalidRequest', 'The request URL is malformed.', { req });
      return;
    }
    const dispatch = async () => {
      for (const handle of handlers) if (await handle(req, res, url)) return;
      sendGraphError(res, 404, 'itemNotFound', `No route for ${req.method} ${url.pathname}`, { req });
    };
    const run = () => dispatch().catch((err: unknown) => {
      if (!res.headersSent) sendGraphError(res, 500, 'generalException', `Emulator fault: ${(err as Error).message}`, { req });
      else res.destroy();
    });
    if (opts.latencyMs > 0) setTimeout(run, opts.latencyMs);
    else void run();
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  context.origin = `http://${opts.host}:${port}`;
  return {
    graphUrl: `${context.origin}/v1.0`,
    authorityUrl: `${context.origin}/common`,
    adminUrl: `${context.origin}/_emulator`,
    origin: context.origin,
    context,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close(() => {
        // A failed last save (the data folder gone, a full disk) must reach the caller, not hang it.
        try {
          persistence?.flush();
          resolve();
        } catch (err) {
          reject(err as Error);
        }
      });
    }),
  };
}
