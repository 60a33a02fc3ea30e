import type { DeltaCursor, DownloadRequest, MoveRequest, RemoteDrive, RemoteItem, UploadRequest } from '../remote/types.js';

export interface ByteSink {
  /** `key`: the upload's path in the pair when the caller gave it, else its remote name. */
  uploaded(key: string, bytes: number): void;
  downloaded(itemId: string, bytes: number): void;
}

/** A RemoteDrive that reports bytes moved, so progress shows transfers as they happen, not only when they end. */
export class CountingDrive implements RemoteDrive {
  constructor(private readonly inner: RemoteDrive, private readonly sink: ByteSink) {}

  get driveId(): string { return this.inner.driveId; }
  get rootId(): string { return this.inner.rootId; }

  delta(cursor: DeltaCursor | null, signal?: AbortSignal) { return this.inner.delta(cursor, signal); }
  mkdir(parentId: string, name: string): Promise<RemoteItem> { return this.inner.mkdir(parentId, name); }
  move(itemId: string, req: MoveRequest): Promise<RemoteItem> { return this.inner.move(itemId, req); }
  delete(itemId: string, opts?: { ifMatch?: string }): Promise<void> { return this.inner.delete(itemId, opts); }
  setMtime(itemId: string, mtimeMs: number): Promise<RemoteItem> { return this.inner.setMtime(itemId, mtimeMs); }
  listChildren(folderId: string): AsyncIterable<RemoteItem[]> { return this.inner.listChildren(folderId); }

  upload(req: UploadRequest): Promise<RemoteItem> {
    return this.inner.upload({
      ...req,
      onProgress: (bytes) => {
        req.onProgress?.(bytes);
        this.sink.uploaded(req.path ?? req.name, bytes);
      },
    });
  }

  async download(req: DownloadRequest): Promise<AsyncIterable<Uint8Array>> {
    const body = await this.inner.download(req);
    const sink = this.sink;
    let bytes = req.offset ?? 0;
    return (async function* counted() {
      for await (const chunk of body) {
        bytes += chunk.length;
        sink.downloaded(req.itemId, bytes);
        yield chunk;
      }
    })();
  }
}
