import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { checkRequest, eventNames, requestNames, type RequestName } from '../core/service/contract.js';
import type { StratusService } from '../core/service/service.js';

/**
 * The main side of the typed contract, as GitHub Desktop's ipc-main does it: one handler per request name,
 * each checking the sender (a window we made, showing our own page) and the arguments before the service
 * sees them. Events from the service go to every window on one channel.
 */
export function registerIpc(service: StratusService, isOurs: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const name of requestNames) {
    ipcMain.handle(`stratus:${name}`, async (event, ...args: unknown[]) => {
      if (!isOurs(event)) throw new Error('Refused: this request did not come from a Stratus window.');
      const refused = checkRequest(name, args);
      if (refused) throw new Error(refused);
      const method = service[name as RequestName] as (...a: unknown[]) => Promise<unknown>;
      return method.apply(service, args);
    });
  }
  return () => requestNames.forEach((name) => ipcMain.removeHandler(`stratus:${name}`));
}

export function forwardEvents(service: StratusService, windows: () => BrowserWindow[]): () => void {
  const offs = eventNames.map((name) =>
    service.on(name, (payload) => {
      for (const win of windows()) if (!win.isDestroyed()) win.webContents.send('stratus:event', name, payload);
    }),
  );
  return () => offs.forEach((off) => off());
}

export const preloadArguments = [`--stratus-requests=${requestNames.join(',')}`];
