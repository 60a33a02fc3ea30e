// The desktop host: app lifecycle, tray, the main window and the typed IPC. The service does the work.
import { app, BrowserWindow, shell, type IpcMainInvokeEvent } from 'electron';
import { AuthManager } from '../core/auth/index.js';
import { stratusHome } from '../core/cli/home.js';
import { openSecretStore } from '../core/secrets/index.js';
import { sayState } from '../core/service/overall.js';
import { StratusService } from '../core/service/service.js';
import { forwardEvents, registerIpc } from './ipc-main.js';
import { lockDownWebContents } from './security.js';
import { openSignInWindow } from './signin-window.js';
import { createTray } from './tray.js';
import { createMainWindow, rendererUrl } from './windows.js';

if (!app.requestSingleInstanceLock()) app.quit();

// Sign-in keeps its tokens in the OS keychain; without one, Stratus still opens and the UI says what to install.
const auth = await openSecretStore()
  .then((store) => new AuthManager({ store }))
  .catch((err: Error) => {
    console.error(`Stratus: ${err.message}`);
    return undefined;
  });
const service = new StratusService({ host: 'electron', ...(auth ? { auth } : {}), openBrowser: openSignInWindow, home: stratusHome(process.env),
  // The platform's own trash (Finder, Explorer, the desktop's): where the user looks for a file sync removed.
  trash: { trashItem: (path) => shell.trashItem(path) } });
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
app.on('before-quit', () => {
  quitting = true;
  void service.stopSync();
});
app.on('window-all-closed', () => { /* stay in the tray */ });

await app.whenReady();
registerIpc(service, isOurs);
forwardEvents(service, () => BrowserWindow.getAllWindows());
createTray({ open: showWindow, quit: () => app.quit(), onState: (show) => service.on('engineState', (e) => show(sayState(e))) });
showWindow();
void service.startSync();
