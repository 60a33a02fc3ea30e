import { quickXorHash } from '../../hash/index.js';
import { RemoteError } from './errors.js';
import type { DeltaCursor, DeltaPage, DownloadRequest, MoveRequest, RemoteDrive, RemoteItem, UploadRequest } from './types.js';

interface Node {
  item: RemoteItem;
  content: Buffer;
  version: number;
}

/**
 * An in-memory OneDrive for engine tests and benchmarks: ids, eTags and cTags, QuickXorHash, delta with tokens
 * and tombstones, the recycle bin, and injectable failures. The emulator is the faithful one; this is the fast one.
 */
export class MemoryDrive implements RemoteDrive {
  readonly driveId = 'mem-drive';
  readonly rootId = 'ROOT';
  private readonly nodes = new Map<string, Node>();
  private readonly tombstones = new Map<string, number>();
  private version = 0;
  private nextId = 1;
  private forgetBefore = 0;
  readonly recycleBin: RemoteItem[] = [];
  readonly calls: string[] = [];
  private readonly faults: { op: string; error: RemoteError; times: number }[] = [];

  constructor() {
    this.nodes.set(this.rootId, { item: this.mk(this.rootId, null, 'root', 'root', 0, 0), content: Buffer.alloc(0), version: 0 });
  }

  /** Makes the next `times` calls of `op` fail with `error`. */
  failNext(op: string, error: RemoteError, times = 1): void {
    this.faults.push({ op, error, times });
  }

  /** Tokens issued before now answer 410 resyncRequired, as when the service forgets them. */
  forgetTokens(): void {
    this.forgetBefore = this.version + 1;
  }

  // --- the test's hand on the server side

  putFile(path: string, content: string | Buffer, mtimeMs = Date.UTC(2025, 0, 1)): RemoteItem {
    const { parent, name } = this.ensureParent(path);
    const existing = this.childNamed(parent, name);
    return this.writeFile(existing?.item.id ?? null, parent, name, Buffer.from(content), mtimeMs);
  }

  mkdirp(path: string): RemoteItem {
    let parent = this.rootId;
    for (const part of path.split('/')) parent = (this.childNamed(parent, part) ?? this.node(this.makeFolder(parent, part).id)).item.id;
    return this.node(parent).item;
  }

  byPath(path: string): Node | undefined {
    let cur: Node | undefined = this.node(this.rootId);
    for (const part of path.split('/')) cur = cur && this.childNamed(cur.item.id, part);
    return cur;
  }

  /** Every file under the root as path → content, for comparing with the disk. */
  files(): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    const walk = (id: string, prefix: string) => {
      for (const n of this.children(id)) {
        const p = prefix ? `${prefix}/${n.item.name}` : n.item.name!;
        if (n.item.kind === 'folder') walk(n.item.id, p);
        else out.set(p, n.content);
      }
    };
    walk(this.rootId, '');
    return out;
  }

  // --- RemoteDrive

  async *listChildren(folderId: string): AsyncIterable<RemoteItem[]> {
    this.call('listChildren');
    yield this.children(folderId).map((n) => ({ ...n.item }));
  }

  async delta(cursor: DeltaCursor | null): Promise<DeltaPage> {
    this.call('delta');
    let since = 0;
    if (cursor?.kind === 'token') {
      since = Number(cursor.token);
      if (since < this.forgetBefore) throw new RemoteError('resync-required', 'The delta token expired.', { resync: 'upload-differences' });
    }
    const items: RemoteItem[] = [];
    for (const n of this.nodes.values()) if (n.version > since) items.push({ ...n.item });
    if (since > 0) for (const [id, v] of this.tombstones) if (v > since) items.push(this.mk(id, null, '', 'file', 0, 0, true));
    // Children before parents on purpose: delta order is not guaranteed.
    items.reverse();
    return { items, then: { kind: 'done', token: String(this.version) } };
  }

  async upload(req: UploadRequest): Promise<RemoteItem> {
    this.call('upload', req.name);
    const chunks: Buffer[] = [];
    for await (const c of req.open(0)) chunks.push(Buffer.from(c));
    const existing = this.childNamed(req.parentId, req.name);
    if (req.ifMatch && existing && existing.item.eTag !== req.ifMatch) throw new RemoteError('changed', `"${req.name}" changed on OneDrive meanwhile.`);
    return this.writeFile(existing?.item.id ?? null, req.parentId, req.name, Buffer.concat(chunks), req.mtimeMs);
  }

  async download(req: DownloadRequest): Promise<AsyncIterable<Uint8Array>> {
    this.call('download', req.itemId);
    const n = this.existing(req.itemId);
    if (req.ifMatch && n.item.eTag !== req.ifMatch) throw new RemoteError('changed', 'The file changed on OneDrive meanwhile.');
    const body = n.content.subarray(req.offset ?? 0);
    return (async function* () {
      yield body;
    })();
  }

  async mkdir(parentId: string, name: string): Promise<RemoteItem> {
    this.call('mkdir', name);
    return { ...(this.childNamed(parentId, name)?.item ?? this.makeFolder(parentId, name)) };
  }

  async move(itemId: string, req: MoveRequest): Promise<RemoteItem> {
    this.call('move', itemId);
    const n = this.existing(itemId);
    if (req.ifMatch && n.item.eTag !== req.ifMatch) throw new RemoteError('changed', 'Changed meanwhile.');
    n.item = { ...n.item, parentId: req.parentId ?? n.item.parentId, name: req.name ?? n.item.name, eTag: this.tag('e') };
    this.bump(n);
    return { ...n.item };
  }

  async delete(itemId: string, opts: { ifMatch?: string } = {}): Promise<void> {
    this.call('delete', itemId);
    const n = this.existing(itemId);
    if (opts.ifMatch && n.item.eTag !== opts.ifMatch) throw new RemoteError('changed', 'Changed meanwhile.');
    const drop = (id: string) => {
      for (const c of this.children(id)) drop(c.item.id);
      this.nodes.delete(id);
      this.tombstones.set(id, ++this.version);
    };
    this.recycleBin.push({ ...n.item });
    drop(itemId);
  }

  async setMtime(itemId: string, mtimeMs: number): Promise<RemoteItem> {
    this.call('setMtime', itemId);
    const n = this.existing(itemId);
    n.item = { ...n.item, mtimeMs, eTag: this.tag('e') };
    this.bump(n);
    return { ...n.item };
  }

  // --- internals

  private call(op: string, arg = ''): void {
    this.calls.push(`${op} ${arg}`.trim());
    const f = this.faults.find((x) => x.op === op && x.times > 0);
    if (f) {
      f.times--;
      throw f.error;
    }
  }

  private tag(p: string): string {
    return `${p}${this.nextId++}`;
  }

  private mk(id: string, parentId: string | null, name: string, kind: RemoteItem['kind'], size: number, mtimeMs: number, deleted = false): RemoteItem {
    return { driveId: this.driveId, id, parentId, name, kind, size, mtimeMs, deleted };
  }

  private bump(n: Node): void {
    n.version = ++this.version;
  }

  private node(id: string): Node {
    return this.nodes.get(id)!;
  }

  private existing(id: string): Node {
    const n = this.nodes.get(id);
    if (!n) throw new RemoteError('not-found', `Item ${id} is not on OneDrive.`);
    return n;
  }

  private children(id: string): Node[] {
    return [...this.nodes.values()].filter((n) => n.item.parentId === id);
  }

  private childNamed(parentId: string, name: string): Node | undefined {
    const lower = name.toLowerCase();
    return this.children(parentId).find((n) => n.item.name!.toLowerCase() === lower);
  }

  private ensureParent(path: string): { parent: string; name: string } {
    const i = path.lastIndexOf('/');
    return { parent: i < 0 ? this.rootId : this.mkdirp(path.slice(0, i)).id, name: path.slice(i + 1) };
  }

  private makeFolder(parentId: string, name: string): RemoteItem {
    this.existing(parentId);
    const id = `F${this.nextId++}`;
    const n: Node = { item: { ...this.mk(id, parentId, name, 'folder', 0, Date.UTC(2025, 0, 1)), eTag: this.tag('e') }, content: Buffer.alloc(0), version: 0 };
    this.nodes.set(id, n);
    this.bump(n);
    return n.item;
  }

  private writeFile(id: string | null, parentId: string, name: string, content: Buffer, mtimeMs: number): RemoteItem {
    this.existing(parentId);
    const itemId = id ?? `I${this.nextId++}`;
    const item: RemoteItem = {
      ...this.mk(itemId, parentId, name, 'file', content.length, Math.floor(mtimeMs / 1000) * 1000),
      quickXorHash: quickXorHash(content), eTag: this.tag('e'), cTag: this.tag('c'),
    };
    const n: Node = { item, content, version: 0 };
    this.nodes.set(itemId, n);
    this.bump(n);
    return { ...item };
  }
}
