import { create } from 'zustand';
import type { SyncProblem } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface ProblemsState {
  problems: SyncProblem[];
  load(): Promise<void>;
  listen(): () => void;
}

export const useProblems = create<ProblemsState>((set, get) => ({
  problems: [],
  load: async () => {
    try {
      set({ problems: await stratus().listSyncProblems() });
    } catch {
      // The list is a help, not a function: a host that cannot answer leaves it as it was.
    }
  },
  // A pass that settles (or a pair removed) is when the list can change.
  listen() {
    try {
      return stratus().on('pairStatus', (s) => { if (s.state === 'idle' || s.state === 'held') void get().load(); });
    } catch {
      return () => {};
    }
  },
}));
