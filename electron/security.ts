import { app, shell } from 'electron';
import { isSignInContents } from './signin-window.js';

// Links the UI may open in the user's browser; anything else is refused.
const externalAllowList = [/^https:\/\/([a-z0-9-]+\.)*onedrive\.live\.com\//, /^https:\/\/1drv\.ms\//, /^https:\/\/[a-z0-9-]+(-my)?\.sharepoint\.com\//, /^https:\/\/(www\.)?microsoft\.com\//];

export function isAllowedExternal(url: string): boolean {
  return externalAllowList.some((re) => re.test(url));
}

/** No in-app navigation, no new windows; allow-listed links open in the system browser. */
export function lockDownWebContents(ownPage: () => string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      // The sign-in window follows Microsoft's pages and redirects; no window of ours navigates anywhere.
      if (url !== ownPage() && !isSignInContents(contents)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
