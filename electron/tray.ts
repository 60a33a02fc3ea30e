import { Menu, Tray, nativeImage } from 'electron';
import { fileURLToPath } from 'node:url';

const trayIcon = fileURLToPath(new URL('../../assets/tray.png', import.meta.url));

/**
 * The tray icon: the app lives here; closing the window keeps syncing. Its tooltip says the app's state, as
 * OneDrive's own icon does ("Stratus: Up to date", "Stratus: Syncing: 2 folders").
 */
export function createTray(actions: { open(): void; quit(): void; onState(show: (line: string) => void): void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(trayIcon));
  tray.setToolTip('Stratus');
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Open Stratus', click: actions.open },
    { type: 'separator' },
    { label: 'Quit Stratus', click: actions.quit },
  ]));
  tray.on('click', actions.open);
  actions.onState((line) => tray.setToolTip(`Stratus: ${line}`));
  return tray;
}
