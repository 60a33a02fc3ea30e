import { createServer, request, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostCovered, makeTestCertificates, type TestCertificates } from './certs.js';
import { startTlsProxy, type TlsProxy } from './proxy.js';

/** Opens a CONNECT tunnel through the proxy; resolves with the proxy's status and, on 200, the raw socket. */
function tunnel(proxy: TlsProxy, target: string) {
  return new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxy.port, method: 'CONNECT', path: target });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('error', reject);
    req.end();
  });
}

/** An HTTPS request the way rclone makes one: CONNECT, TLS checked against the test CA, then HTTP/1.1. */
async function viaProxy(proxy: TlsProxy, ca: string, host: string, path: string, body?: string) {
  const { socket } = await tunnel(proxy, `${host}:443`);
  const tlsSocket: TLSSocket = connect({ socket, servername: host, ca });
  await new Promise<void>((resolve, reject) => { tlsSocket.once('secureConnect', resolve); tlsSocket.once('error', reject); });
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpsRequest({ host, port: 443, headers: { host }, path, method: body === undefined ? 'GET' : 'POST', createConnection: () => tlsSocket }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => { tlsSocket.destroy(); resolve({ status: res.statusCode ?? 0, text }); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

let dir: string;
let certs: TestCertificates;
let origin: Server;
let proxy: TlsProxy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stratus-proxy-'));
  certs = await makeTestCertificates(dir);
  // The origin echoes what it received, so the test sees exactly what the emulator would.
  origin = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    if (req.url === '/drop') { req.socket.destroy(); return; }
    // Like the emulator's 416 to an overlapping chunk: answer at once, before the body has arrived.
    if (req.url === '/early') { res.writeHead(416, { 'content-length': 2 }); res.end('no'); return; }
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-echo': 'yes' });
      res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, proto: req.headers['x-forwarded-proto'], body }));
    });
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  const { port } = origin.address() as AddressInfo;
  proxy = await startTlsProxy({ origin: `http://127.0.0.1:${port}`, cert: certs.cert, key: certs.key });
});

afterAll(async () => {
  await proxy?.close();
  origin?.closeAllConnections();
  await new Promise<void>((resolve) => (origin ? origin.close(() => resolve()) : resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('the test TLS proxy', () => {
  it('matches TLS wildcards by one label only', () => {
    expect(hostCovered('contoso-my.sharepoint.com')).toBe(true);
    expect(hostCovered('a.b.sharepoint.com')).toBe(false);
    expect(hostCovered('sharepoint.com')).toBe(false);
    expect(hostCovered('GRAPH.microsoft.com')).toBe(true);
    expect(hostCovered('example.com')).toBe(false);
  });

  it('serves graph.microsoft.com with a certificate the test CA vouches for, keeping Host and adding X-Forwarded-Proto', async () => {
    const r = await viaProxy(proxy, certs.ca, 'graph.microsoft.com', '/v1.0/me/drive?$select=id');
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text)).toEqual({ method: 'GET', url: '/v1.0/me/drive?$select=id', host: 'graph.microsoft.com', proto: 'https', body: '' });
  });

  it('forwards request bodies and serves the SharePoint wildcard and sign-in hosts', async () => {
    const r = await viaProxy(proxy, certs.ca, 'contoso-my.sharepoint.com', '/upload', 'chunk bytes');
    expect(JSON.parse(r.text)).toMatchObject({ method: 'POST', host: 'contoso-my.sharepoint.com', body: 'chunk bytes' });
    const login = await viaProxy(proxy, certs.ca, 'login.microsoftonline.com', '/common/v2.0/.well-known/openid-configuration');
    expect(JSON.parse(login.text)).toMatchObject({ host: 'login.microsoftonline.com' });
    expect(proxy.log.map((e) => `${e.method} ${e.host} ${e.status}`)).toContain('POST contoso-my.sharepoint.com 201');
  });

  it('drops the client\'s connection when the origin drops its own, and keeps serving new tunnels', async () => {
    await expect(viaProxy(proxy, certs.ca, 'graph.microsoft.com', '/drop', 'x'.repeat(100_000))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(proxy.log.at(-1)).toMatchObject({ path: '/drop', status: 0 });
    expect((await viaProxy(proxy, certs.ca, 'graph.microsoft.com', '/after')).status).toBe(201);
  });

  it('serves the next request on a kept-alive tunnel after the origin answered before reading the body', async () => {
    const { socket } = await tunnel(proxy, 'graph.microsoft.com:443');
    const tlsSocket = connect({ socket, servername: 'graph.microsoft.com', ca: certs.ca });
    let got = '';
    tlsSocket.setEncoding('latin1');
    tlsSocket.on('data', (d: string) => { got += d; });
    await new Promise<void>((resolve) => { tlsSocket.once('secureConnect', resolve); });
    const size = 1_000_000;
    tlsSocket.write(`PUT /early HTTP/1.1\r\nHost: graph.microsoft.com\r\nContent-Length: ${size}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 50));
    tlsSocket.write(Buffer.alloc(size, 1));
    tlsSocket.write('GET /next HTTP/1.1\r\nHost: graph.microsoft.com\r\n\r\n');
    const deadline = Date.now() + 5000;
    while (!got.includes('"url":"/next"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    tlsSocket.destroy();
    expect(got).toMatch(/^HTTP\/1\.1 416/);
    expect(got).toContain('"url":"/next"');
  });

  it('is refused by a client that does not trust the test CA', async () => {
    const { socket } = await tunnel(proxy, 'graph.microsoft.com:443');
    const tlsSocket = connect({ socket, servername: 'graph.microsoft.com' });
    const err = await new Promise<Error>((resolve) => { tlsSocket.once('error', resolve); });
    tlsSocket.destroy();
    expect(err.message).toMatch(/certificate/i);
  });

  it('refuses to tunnel to a host its certificate does not name', async () => {
    const { status, socket } = await tunnel(proxy, 'example.com:443');
    socket.destroy();
    expect(status).toBe(403);
  });
});
