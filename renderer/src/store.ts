import { create } from 'zustand';
import type { AccountSummary, AppInfo, EngineStateEvent, SignInMethod, SignInPrompt } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface AppState {
  info?: AppInfo;
  engine: EngineStateEvent;
  accounts: AccountSummary[];
  /** The account list has been read once: until then the UI claims nothing about sign-in. */
  loaded: boolean;
  /** What the current sign-in asks of the user, if one is under way. */
  prompt?: SignInPrompt;
  signingIn: boolean;
  error?: string;
  load(): Promise<void>;
  signIn(method: SignInMethod, reconnectId?: string): Promise<void>;
  cancelSignIn(): Promise<void>;
  signOut(id: string): Promise<void>;
  /** Subscribes to host events; returns the unsubscribe function. */
  listen(): () => void;
}

const message = (err: unknown) => (err as Error).message;
/** Set when the user cancels: the sign-in's failure is then their own choice, not an error to show them. */
let cancelling = false;

export const useApp = create<AppState>((set) => ({
  engine: { state: 'idle' },
  accounts: [],
  loaded: false,
  signingIn: false,
  async load() {
    try {
      const info = await stratus().getAppInfo();
      set({ info, engine: await stratus().getEngineState(), error: undefined });
      set({ accounts: await stratus().listAccounts(), loaded: true });
    } catch (err) {
      set({ error: message(err) });
    }
  },
  async signIn(method, reconnectId) {
    set({ signingIn: true, error: undefined });
    cancelling = false;
    try {
      await stratus().signIn(method, reconnectId);
    } catch (err) {
      if (!cancelling) set({ error: message(err) });
    } finally {
      set({ signingIn: false, prompt: undefined });
    }
  },
  async cancelSignIn() {
    cancelling = true;
    await stratus().cancelSignIn();
  },
  async signOut(id) {
    try {
      await stratus().signOut(id);
    } catch (err) {
      set({ error: message(err) });
    }
  },
  listen() {
    try {
      const api = stratus();
      const offs = [
        api.on('engineState', (engine) => set({ engine })),
        api.on('accountsChanged', (accounts) => set({ accounts })),
        api.on('signInPrompt', (prompt) => {
          set({ prompt: prompt.kind === 'done' ? undefined : prompt });
          // Try to open the page at once; the link stays on screen for browsers that block pop-ups.
          if (prompt.kind === 'open-url') window.open(prompt.url, 'stratus-sign-in', 'popup,width=520,height=680');
        }),
      ];
      return () => offs.forEach((off) => off());
    } catch {
      return () => {};
    }
  },
}));
