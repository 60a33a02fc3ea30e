import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Content, Drive, Item, Site } from './model.js';
import { defaultSettings, DriveStore, type StoreSettings } from './store.js';

// With --data DIR the drives survive a restart: metadata in DIR/graph.json (written atomically a moment
// after changes settle, and on close), file bytes in DIR/blobs/ (written once, shared by versions).

interface StoredContent { size: number; quickXorHash: string; sha1Hash?: string; blob?: string }
type StoredItem = Omit<Item, 'content' | 'versions'> & {
  content?: StoredContent;
  versions: Array<{ id: string; lastModifiedDateTime: string; lastModifiedBy: string; content: StoredContent }>;
};
interface Snapshot {
  format: 1;
  profile: string;
  seq: number;
  tokenEpoch: number;
  counters: Record<string, number>;
  settings: StoreSettings;
  drives: Drive[];
  sites: Site[];
  items: StoredItem[];
}

export interface Persistence {
  /** Writes now (synchronously): call before exit. */
  flush(): void;
  close(): void;
}

export function loadStore(dir: string, fallback: () => DriveStore): DriveStore {
  const file = join(dir, 'graph.json');
  if (!existsSync(file)) return fallback();
  let snap: Snapshot;
  try {
    snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch (err) {
    throw new Error(`cannot read the saved drives in ${file} (${(err as Error).message}); move it away to start empty`, { cause: err });
  }
  // Settings added since the snapshot was written take their defaults.
  const store = new DriveStore({ ...defaultSettings(snap.settings.profile), ...snap.settings });
  store.seq = snap.seq;
  store.tokenEpoch = snap.tokenEpoch;
  store.counters = snap.counters;
  for (const d of snap.drives) store.drives.set(d.id.toLowerCase(), d);
  for (const s of snap.sites) store.sites.set(s.id.toLowerCase(), s);
  const contents = new Map<string, Content>();
  const revive = (c: StoredContent): Content => {
    if (!c.blob) return { ...c };
    let got = contents.get(c.blob);
    if (!got) {
      got = { ...c, data: readFileSync(join(dir, 'blobs', c.blob)) };
      contents.set(c.blob, got);
    }
    return got;
  };
  for (const s of snap.items) {
    const item: Item = { ...s, content: s.content ? revive(s.content) : undefined, versions: s.versions.map((v) => ({ ...v, content: revive(v.content) })) };
    store.insert(item, true);
  }
  store.sortLog();
  return store;
}

export function persist(store: DriveStore, dir: string, delayMs = 150): Persistence {
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    timer = undefined;
    writeSnapshot(store, dir);
  };
  // unref: a pending save never keeps a process alive on its own; close() and flush() write what is left.
  store.onChange(() => { timer ??= setTimeout(save, delayMs).unref(); });
  return {
    flush() { if (timer) clearTimeout(timer); save(); },
    close() { if (timer) { clearTimeout(timer); save(); } },
  };
}

function writeSnapshot(store: DriveStore, dir: string): void {
  const used = new Set<string>();
  const stored = (c: Content): StoredContent => {
    if (c.data && !c.blob) {
      c.blob = randomUUID();
      writeFileSync(join(dir, 'blobs', c.blob), c.data);
    }
    if (c.blob) used.add(c.blob);
    return { size: c.size, quickXorHash: c.quickXorHash, sha1Hash: c.sha1Hash, blob: c.blob };
  };
  const items: StoredItem[] = [];
  for (const it of store.items.values()) {
    // Purged items keep only what a delta tombstone needs.
    if (it.deleted?.purged) { items.push({ ...it, content: undefined, versions: [] }); continue; }
    items.push({ ...it, content: it.content ? stored(it.content) : undefined, versions: it.versions.map((v) => ({ ...v, content: stored(v.content) })) });
  }
  const snap: Snapshot = {
    format: 1, profile: store.settings.profile, seq: store.seq, tokenEpoch: store.tokenEpoch, counters: store.counters,
    settings: store.settings, drives: [...store.drives.values()], sites: [...store.sites.values()], items,
  };
  const tmp = join(dir, `graph.json.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(snap));
  renameSync(tmp, join(dir, 'graph.json'));
  for (const name of readdirSync(join(dir, 'blobs'))) if (!used.has(name)) rmSync(join(dir, 'blobs', name), { force: true });
}
