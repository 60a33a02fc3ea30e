import { create } from 'zustand';
import type { ConflictChoice, ConflictSummary } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface ConflictsState {
  conflicts: ConflictSummary[];
  error?: string;
  load(): Promise<void>;
  resolve(c: ConflictSummary, choice: ConflictChoice): Promise<void>;
  listen(): () => void;
}

export const useConflicts = create<ConflictsState>((set, get) => ({
  conflicts: [],
  load: async () => {
    try {
      set({ conflicts: await stratus().listConflicts(), error: undefined });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  resolve: async (c, choice) => {
    try {
      await stratus().resolveConflict(c.pairId, c.id, choice);
      set({ conflicts: get().conflicts.filter((x) => !(x.pairId === c.pairId && x.id === c.id)), error: undefined });
    } catch (err) {
      set({ error: (err as Error).message });
      await get().load();
    }
  },
  // A pass that ends may have logged a conflict: read the list again whenever a pair settles.
  listen() {
    try {
      return stratus().on('pairStatus', (s) => { if (s.state === 'idle') void get().load(); });
    } catch {
      return () => {};
    }
  },
}));
