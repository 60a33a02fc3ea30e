import { create } from 'zustand';
import type { AppInfo, EngineStateEvent } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface AppState {
  info?: AppInfo;
  engine: EngineStateEvent;
  error?: string;
  load(): Promise<void>;
  /** Subscribes to host events; returns the unsubscribe function. */
  listen(): () => void;
}

export const useApp = create<AppState>((set) => ({
  engine: { state: 'idle' },
  async load() {
    try {
      set({ info: await stratus().getAppInfo(), error: undefined });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  listen() {
    try {
      return stratus().on('engineState', (engine) => set({ engine }));
    } catch {
      return () => {};
    }
  },
}));
