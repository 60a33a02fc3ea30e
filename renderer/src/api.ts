import type { StratusApi } from '../../core/service/contract.js';

declare global {
  interface Window {
    /** Installed by the host before the UI loads: Electron's preload, or the headless host's bridge script. */
    stratus?: StratusApi;
  }
}

/** The host API, or a clear failure when the page was opened without a host. */
export function stratus(): StratusApi {
  if (!window.stratus) throw new Error('Stratus UI opened without its host: start it with `npm start` or `npm run web`.');
  return window.stratus;
}
