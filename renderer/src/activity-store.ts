import { create } from 'zustand';
import type { ItemActivity } from '../../core/service/contract.js';
import { stratus } from './api.js';

/** The most recent files, newest first; one line per file, updated in place as its transfer goes on. */
const KEEP = 30;

interface ActivityState {
  items: ItemActivity[];
  add(a: ItemActivity): void;
  listen(): () => void;
}

export const useActivity = create<ActivityState>((set, get) => ({
  items: [],
  add: (a) => set({ items: [a, ...get().items.filter((x) => !(x.pairId === a.pairId && x.path === a.path))].slice(0, KEEP) }),
  listen() {
    try {
      return stratus().on('pairActivity', (a) => get().add(a));
    } catch {
      return () => {};
    }
  },
}));
