// The desktop host: app lifecycle, tray, the main window and the typed IPC. The service does the work.
import { app, BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { StratusService } from '../core/service/service.js';
import { forwardEvents, registerIpc } from './ipc-main.js';
import { lockDownWebContents } from './security.js';
import { createTray } from './tray.js';
import { createMainWindow, rendererUrl } from './windows.js';

if (!app.requestSingleInstanceLock()) app.quit();

const service = new StratusService('electron');
let mainWindow: BrowserWindow | undefined;
let quitting = false;

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow();
    // Closing the window hides it: the app keeps syncing from the tray.
    mainWindow.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        mainWindow?.hide();
      }
    });
  }
  mainWindow.show();
  mainWindow.focus();
}

const isOurs = (event: IpcMainInvokeEvent) =>
  BrowserWindow.fromWebContents(event.sender) === mainWindow && event.senderFrame?.url === rendererUrl;

lockDownWebContents(() => rendererUrl);
app.on('second-instance', showWindow);
app.on('before-quit', () => { quitting = true; });
app.on('window-all-closed', () => { /* stay in the tray */ });

await app.whenReady();
registerIpc(service, isOurs);
forwardEvents(service, () => BrowserWindow.getAllWindows());
createTray({ open: showWindow, quit: () => app.quit() });
showWindow();
