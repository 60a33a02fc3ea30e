import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkRequest, eventNames, type RequestName } from '../core/service/contract.js';
import type { StratusService } from '../core/service/service.js';
import { serveFile } from './static.js';

export interface HeadlessHost {
  url: string;
  close(): Promise<void>;
}

const publicDir = fileURLToPath(new URL('./public', import.meta.url));
const defaultRendererDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));

/**
 * The browser host: the renderer build over HTTP and the service contract over a WebSocket, on loopback only.
 * Requests are checked like Electron's main process checks IPC: the socket must come from this host's own
 * origin (so no other web page in the browser can drive it), and every request is validated by the contract.
 */
export async function startHeadlessHost(opts: { service: StratusService; port?: number; rendererDir?: string }): Promise<HeadlessHost> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir;
  let origin = '';
  const injectBridge = (html: string) => html.replace('<head>', '<head>\n    <script src="./stratus-bridge.js"></script>');

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', origin).pathname;
      if (req.method !== 'GET') return void res.writeHead(405).end();
      if (path === '/stratus-bridge.js' && (await serveFile(res, publicDir, path))) return;
      if ((path === '/' || path === '/index.html') && (await serveFile(res, rendererDir, 'index.html', injectBridge))) return;
      if (path !== '/' && (await serveFile(res, rendererDir, path))) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end(
        path === '/' ? 'The UI is not built yet: run `npm run build:renderer`.' : 'Not found',
      );
    })();
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/ws' || req.headers.origin !== origin || req.headers.host !== new URL(origin).host) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => bridge(ws, opts.service));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    close: () => new Promise<void>((resolve) => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function bridge(ws: WebSocket, service: StratusService): void {
  const unsubscribe = eventNames.map((event) => service.on(event, (payload) => ws.send(JSON.stringify({ event, payload }))));
  ws.on('close', () => unsubscribe.forEach((off) => off()));
  ws.on('message', (raw) => {
    void (async () => {
      let msg: { id?: unknown; method?: unknown; args?: unknown };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return;
      }
      const refused = checkRequest(msg.method, msg.args);
      try {
        if (refused) throw Object.assign(new Error(refused), { kind: 'invalid-request' });
        const method = service[msg.method as RequestName] as (...a: unknown[]) => Promise<unknown>;
        const result = await method.apply(service, msg.args as unknown[]);
        ws.send(JSON.stringify({ id: msg.id, result }));
      } catch (err) {
        const e = err as Error & { kind?: string };
        ws.send(JSON.stringify({ id: msg.id, error: { message: e.message, kind: e.kind ?? 'failed' } }));
      }
    })();
  });
}
