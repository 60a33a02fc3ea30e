import { create } from 'zustand';
import type { PairRequest, PairStatus, PairSummary } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface PairsState {
  pairs: PairSummary[];
  /** The list has been read once (an empty list before that means nothing yet). */
  loaded: boolean;
  error?: string;
  load(): Promise<void>;
  add(req: PairRequest): Promise<void>;
  remove(id: string): Promise<void>;
  syncNow(id: string): Promise<void>;
  setFolders(id: string, selection: string[]): Promise<void>;
  setIgnore(id: string, patterns: string[]): Promise<void>;
  /** A folder on OneDrive outside the pair, or null for none. */
  setBackupDir(id: string, path: string | null): Promise<void>;
  approve(id: string): Promise<void>;
  pause(hours: 2 | 8 | 24 | null): Promise<void>;
  resume(): Promise<void>;
  /**
   * rclone's form as the service saved it (`off`, `1Mi:4Mi`, `10Mi`): every account, at once, for transfers
   * already running, and again after a restart.
   */
  speedLimit: string;
  limitSpeed(limit: string): Promise<void>;
  status(s: PairStatus): void;
  listen(): () => void;
}

export const usePairs = create<PairsState>((set, get) => {
  const run = async (work: () => Promise<unknown>) => {
    set({ error: undefined });
    try {
      await work();
    } catch (err) {
      set({ error: (err as Error).message });
    }
  };
  return {
    pairs: [],
    loaded: false,
    load: () => run(async () => {
      const [pairs, limit] = await Promise.all([stratus().listPairs(), stratus().getBandwidthLimit()]);
      set({ pairs, loaded: true, speedLimit: limit.text });
    }),
    add: (req) => run(async () => {
      const pair = await stratus().addPair(req);
      set({ pairs: [...get().pairs.filter((p) => p.id !== pair.id), pair] });
    }),
    remove: (id) => run(async () => {
      await stratus().removePair(id);
      set({ pairs: get().pairs.filter((p) => p.id !== id) });
    }),
    syncNow: (id) => run(() => stratus().syncNow(id)),
    setIgnore: (id, patterns) => run(async () => {
      const pair = await stratus().setPairIgnore(id, patterns);
      set({ pairs: get().pairs.map((p) => (p.id === id ? pair : p)) });
    }),
    setBackupDir: (id, path) => run(async () => {
      const pair = await stratus().setPairBackupDir(id, path);
      set({ pairs: get().pairs.map((p) => (p.id === id ? pair : p)) });
    }),
    setFolders: (id, selection) => run(async () => {
      const pair = await stratus().setPairFolders(id, selection);
      set({ pairs: get().pairs.map((p) => (p.id === id ? pair : p)) });
    }),
    approve: (id) => run(() => stratus().approveHeld(id)),
    pause: (hours) => run(() => stratus().pauseSync(hours)),
    resume: () => run(() => stratus().resumeSync()),
    speedLimit: 'off',
    limitSpeed: (limit) => run(async () => {
      set({ speedLimit: (await stratus().setBandwidthLimit(limit)).text });
    }),
    status: (s) => set({ pairs: get().pairs.map((p) => (p.id === s.pairId ? { ...p, status: s } : p)) }),
    listen() {
      let reading = false;
      try {
        return stratus().on('pairStatus', (s) => {
          if (get().pairs.some((p) => p.id === s.pairId)) return get().status(s);
          // A pair this list does not have yet: addPair answers only after the first pass, which can take
          // minutes, or the CLI added it. Read the list (once at a time) so its first sync shows as it runs.
          if (reading) return;
          reading = true;
          void get().load().finally(() => { reading = false; });
        });
      } catch {
        return () => {};
      }
    },
  };
});
