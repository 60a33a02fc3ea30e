import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import { hostCovered, microsoftHosts } from './certs.js';

/** One request seen inside a tunnel: enough to tell which call of a client failed. */
export interface ProxyRecord {
  method: string;
  host: string;
  path: string;
  /** 0 when the connection was dropped before an answer. */
  status: number;
  /** The request's Content-Range, to see how an upload was cut into chunks. */
  contentRange?: string;
  /** Whether the request carried an Authorization header (never its value): shows where a token travels. */
  authorized: boolean;
}

export interface TlsProxy {
  port: number;
  /** http://127.0.0.1:PORT, for HTTPS_PROXY. */
  url: string;
  log: ProxyRecord[];
  close(): Promise<void>;
}

export interface TlsProxyOptions {
  /** Where every tunnelled request goes, whatever host it names: http://127.0.0.1:PORT */
  origin: string;
  cert: string;
  key: string;
  hosts?: readonly string[];
}

/**
 * An HTTPS forward proxy that pretends to be Microsoft: it answers `CONNECT host:443` for the hosts its
 * certificate names, ends TLS itself and sends the plain request to the emulator. The Host header is kept and
 * `X-Forwarded-Proto: https` added, so the emulator can hand out `https://graph.microsoft.com/...` links that
 * come back through this same proxy, as a real client would follow them.
 */
export async function startTlsProxy(opts: TlsProxyOptions): Promise<TlsProxy> {
  const hosts = opts.hosts ?? microsoftHosts;
  const origin = new URL(opts.origin);
  const secureContext = createSecureContext({ cert: opts.cert, key: opts.key });
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const log: ProxyRecord[] = [];

  const inner = createServer((req, res) => forward(req, res));
  inner.keepAliveTimeout = 30_000;

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host ?? '';
    const record: ProxyRecord = { method: req.method ?? 'GET', host, path: req.url ?? '/', status: 0, authorized: req.headers.authorization !== undefined };
    if (req.headers['content-range']) record.contentRange = req.headers['content-range'];
    log.push(record);
    const upstream = request({
      host: origin.hostname,
      port: origin.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': host },
      agent,
    }, (up) => {
      record.status = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.rawHeaders);
      up.pipe(res);
      up.on('error', () => res.destroy());
      up.on('end', () => {
        answered = true;
        // An answer before the whole body (a 416 to an overlapping chunk): Node's client stops taking the rest,
        // so it would sit unread in the tunnel and stall the client's next request there. Drain it instead.
        if (!req.complete) {
          req.unpipe(upstream);
          req.resume();
          upstream.destroy();
        }
      });
    });
    let answered = false;
    // The emulator dropped the connection (a fault rule) or is gone: drop the client's connection too, as a real
    // server's reset would look to it. Answering 502 instead would leave an unread request body in the tunnel.
    upstream.on('error', () => {
      if (answered) return;
      record.status = 0;
      req.socket.destroy();
    });
    // The client gave up: let the emulator see the drop as well.
    res.on('close', () => { if (!res.writableFinished) upstream.destroy(); });
    req.pipe(upstream);
  }

  const front: Server = createServer((_req, res) => {
    // Only tunnels: a plain-HTTP proxy request would bypass TLS, which is what this proxy is here to test.
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('This proxy only answers CONNECT host:443\n');
  });
  const track = (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); };
  front.on('connection', track);
  front.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    socket.on('error', () => socket.destroy());
    if (port !== '443' || !hostCovered(host, hosts)) {
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nThe test certificate does not cover ${req.url}\n`);
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const tlsSocket = new TLSSocket(socket, { isServer: true, secureContext });
    track(tlsSocket);
    tlsSocket.on('error', () => socket.destroy());
    inner.emit('connection', tlsSocket);
  });

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = front.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      inner.closeAllConnections();
      front.closeAllConnections();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
