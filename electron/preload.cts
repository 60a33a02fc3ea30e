// The preload: exposes the service contract to the renderer as window.stratus, and nothing else.
// It runs sandboxed, so it cannot import the contract module: main passes the list of request names, derived
// from the contract, in --stratus-requests. Main validates every call again; this side only forwards.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;
const flag = process.argv.find((a) => a.startsWith('--stratus-requests='));
const names = flag ? flag.slice('--stratus-requests='.length).split(',').filter(Boolean) : [];

const api: Record<string, unknown> = {
  on(event: string, listener: (payload: unknown) => void) {
    const handler = (_e: unknown, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('stratus:event', handler);
    return () => ipcRenderer.removeListener('stratus:event', handler);
  },
};
for (const name of names) api[name] = (...args: unknown[]) => ipcRenderer.invoke(`stratus:${name}`, ...args);

contextBridge.exposeInMainWorld('stratus', api);
