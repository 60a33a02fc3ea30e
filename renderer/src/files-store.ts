import { create } from 'zustand';
import type { CleanupSummary, DriveSummary, FolderEntry, ShareLink, ShareLinkRequest } from '../../core/service/contract.js';
import { stratus } from './api.js';

interface FilesState {
  accountId?: string;
  drives: DriveSummary[];
  driveId?: string;
  path: string;
  entries: FolderEntry[];
  linkSettings: ShareLinkRequest;
  /** The last link made, by item path. */
  links: Record<string, ShareLink>;
  cleanup?: { path: string; summary: CleanupSummary };
  busy: boolean;
  error?: string;
  open(accountId: string): Promise<void>;
  browse(path: string): Promise<void>;
  /** Switches to another drive (a SharePoint library found by search, or another of the user's drives). */
  chooseDrive(driveId: string): Promise<void>;
  findLibraries(term: string): Promise<void>;
  /** Keeps the listing current while pairs sync: re-reads the folder shortly after files were synced. */
  listen(): () => void;
  setLinkSettings(s: Partial<ShareLinkRequest>): void;
  share(path: string): Promise<void>;
  cleanUp(path: string, dryRun: boolean): Promise<void>;
}

export const useFiles = create<FilesState>((set, get) => {
  /** Runs a request with the busy flag on, turning a failure into the message shown to the user. */
  const run = async (work: () => Promise<void>) => {
    set({ busy: true, error: undefined });
    try {
      await work();
    } catch (err) {
      set({ error: (err as Error).message });
    } finally {
      set({ busy: false });
    }
  };
  return {
    drives: [],
    path: '',
    entries: [],
    linkSettings: { type: 'view', scope: 'anonymous' },
    links: {},
    busy: false,
    open: (accountId) => run(async () => {
      const drives = await stratus().listDrives(accountId);
      const driveId = drives[0]?.id;
      set({ accountId, drives, driveId, path: '', entries: driveId ? await stratus().listFolder(accountId, driveId, '') : [] });
    }),
    browse: (path) => run(async () => {
      const { accountId, driveId } = get();
      if (!accountId || !driveId) return;
      // The folder changes at the click, not when its listing arrives: a Sync pressed meanwhile must not pair
      // the folder the user just left (the whole drive, from the top).
      set({ path, entries: [], cleanup: undefined });
      const entries = await stratus().listFolder(accountId, driveId, path);
      if (get().path === path) set({ entries });
    }),
    chooseDrive: (driveId) => run(async () => {
      const { accountId } = get();
      if (!accountId) return;
      set({ driveId, path: '', entries: [], cleanup: undefined });
      const entries = await stratus().listFolder(accountId, driveId, '');
      if (get().driveId === driveId && get().path === '') set({ entries });
    }),
    findLibraries: (term) => run(async () => {
      const { accountId } = get();
      if (!accountId) return;
      const found = await stratus().searchLibraries(accountId, term);
      if (found.length === 0) throw new Error(`No SharePoint site matching "${term}" has a library you can open.`);
      const known = new Set(get().drives.map((d) => d.id));
      set({ drives: [...get().drives, ...found.filter((d) => !known.has(d.id))] });
    }),
    listen() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const refresh = async () => {
        const { accountId, driveId, path, busy } = get();
        if (!accountId || !driveId || busy) return;
        try {
          const entries = await stratus().listFolder(accountId, driveId, path);
          if (get().path === path && get().driveId === driveId) set({ entries });
        } catch {
          // A refresh that fails leaves the listing as it was; the next activity tries again.
        }
      };
      let off: () => void = () => {};
      try {
        off = stratus().on('pairActivity', (a) => {
          if (a.state !== 'done') return;
          clearTimeout(timer);
          timer = setTimeout(() => void refresh(), 1000);
        });
      } catch {
        // No host: nothing to listen to.
      }
      return () => { clearTimeout(timer); off(); };
    },
    setLinkSettings: (s) => set({ linkSettings: { ...get().linkSettings, ...s } }),
    share: (path) => run(async () => {
      const { accountId, driveId, linkSettings } = get();
      if (!accountId || !driveId) return;
      const link = await stratus().createShareLink(accountId, driveId, path, linkSettings);
      set({ links: { ...get().links, [path]: link } });
      await navigator.clipboard?.writeText(link.url).catch(() => undefined);
    }),
    cleanUp: (path, dryRun) => run(async () => {
      const { accountId, driveId } = get();
      if (!accountId || !driveId) return;
      set({ cleanup: { path, summary: await stratus().cleanupVersions(accountId, driveId, path, dryRun) } });
    }),
  };
});
