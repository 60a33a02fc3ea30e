import { spawn } from 'node:child_process';
import { AuthError } from './errors.js';
import type { OpenBrowser } from './interactive.js';

/** For a terminal with no browser at hand: show the address and let the user open it anywhere on this machine. */
export function printedUrl(print: (line: string) => void): OpenBrowser {
  return async (url) => {
    print(`Open this address in a browser on this computer to sign in:\n${url}`);
  };
}

/** The command that opens a URL with the user's default browser on each OS. */
function defaultCommand(platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', []];
  // `start` is a cmd built-in; the empty string is the window title it would otherwise take from the URL.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""']];
  return ['xdg-open', []];
}

/**
 * The system browser. Resolves once the opener started; a missing opener (a server without a desktop)
 * is an error that tells the user the other ways in.
 */
export function systemBrowser(command: [string, string[]] = defaultCommand(process.platform)): OpenBrowser {
  const [cmd, args] = command;
  return (url) => new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, [...args, url], { detached: true, stdio: 'ignore', windowsVerbatimArguments: cmd === 'cmd' });
    child.once('error', () => reject(new AuthError('failed',
      `No browser could be opened here (${cmd} is not available). Sign in with a device code instead, or open the printed address yourself.`)));
    child.once('spawn', () => { child.unref(); resolve(); });
  });
}
