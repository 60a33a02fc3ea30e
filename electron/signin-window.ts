import { BrowserWindow } from 'electron';

const signInWindows = new WeakSet<Electron.WebContents>();

/** True for the web contents of a sign-in window, which must follow Microsoft's redirects. */
export function isSignInContents(contents: Electron.WebContents): boolean {
  return signInWindows.has(contents);
}

/**
 * Shows Microsoft's sign-in page in a window of its own: no preload, no Node, its own session partition, so
 * the page can reach neither the app's API nor its cookies. msal's loopback receives the answer; the
 * window closes once the page lands back on it (or when the user closes it, which msal sees as a cancel).
 */
export async function openSignInWindow(url: string): Promise<void> {
  const win = new BrowserWindow({
    width: 520,
    height: 680,
    title: 'Sign in to OneDrive',
    autoHideMenuBar: true,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'sign-in' },
  });
  signInWindows.add(win.webContents);
  win.webContents.on('did-navigate', (_e, to) => {
    const host = new URL(to).hostname;
    if (host === 'localhost' || host === '127.0.0.1') setTimeout(() => win.isDestroyed() || win.close(), 1500);
  });
  await win.loadURL(url);
}
