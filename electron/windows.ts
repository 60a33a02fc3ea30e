import { BrowserWindow } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { preloadArguments } from './ipc-main.js';

export const rendererIndex = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
export const rendererUrl = pathToFileURL(rendererIndex).href;
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

/** The main window: isolated, sandboxed, no Node; it loads only the bundled UI. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 420,
    height: 560,
    show: false,
    title: 'Stratus',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
      additionalArguments: preloadArguments,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererIndex);
  return win;
}
