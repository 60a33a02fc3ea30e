import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { StratusService } from '../core/service/service.js';
import { startHeadlessHost, type HeadlessHost } from './server.js';

let host: HeadlessHost | undefined;
afterEach(async () => { await host?.close(); host = undefined; });

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + 'ws', { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, id: number, method: string, args: unknown): Promise<{ result?: unknown; error?: { message: string; kind: string } }> {
  return new Promise((resolve) => {
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw));
      if (msg.id === id) resolve(msg);
    });
    ws.send(JSON.stringify({ id, method, args }));
  });
}

describe('the headless host', () => {
  it('answers contract requests over its WebSocket', async () => {
    host = await startHeadlessHost({ service: new StratusService('headless') });
    const ws = await connect(host.url, host.url.replace(/\/$/, ''));
    expect(await call(ws, 1, 'getAppInfo', [])).toMatchObject({ result: { name: 'Stratus', host: 'headless' } });
    expect(await call(ws, 2, 'ping', ['hi'])).toMatchObject({ result: { echo: 'hi' } });
    ws.close();
  });

  it('refuses unknown methods and wrongly shaped arguments before they reach the service', async () => {
    host = await startHeadlessHost({ service: new StratusService('headless') });
    const ws = await connect(host.url, host.url.replace(/\/$/, ''));
    expect(await call(ws, 1, 'constructor', [])).toMatchObject({ error: { kind: 'invalid-request' } });
    expect(await call(ws, 2, 'ping', [{ not: 'a string' }])).toMatchObject({ error: { kind: 'invalid-request' } });
    ws.close();
  });

  it('refuses a WebSocket from another origin, so other web pages cannot drive it', async () => {
    host = await startHeadlessHost({ service: new StratusService('headless') });
    await expect(connect(host.url, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('serves the bridge script and refuses paths that climb out of the UI folder', async () => {
    host = await startHeadlessHost({ service: new StratusService('headless') });
    const bridge = await fetch(`${host.url}stratus-bridge.js`);
    expect(bridge.status).toBe(200);
    expect(await bridge.text()).toContain('window');
    const escape = await fetch(`${host.url}..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });
});
