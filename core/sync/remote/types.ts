/**
 * What the sync engine needs from OneDrive, as plain types. The OneDrive client (core/onedrive) is adapted to
 * this in core/sync/remote; tests use an in-memory or fault-injecting version.
 */

export type RemoteKind = 'file' | 'folder' | 'root' | 'package';

/** One driveItem as delta reports it, reduced to what sync uses. */
export interface RemoteItem {
  driveId: string;
  id: string;
  /** Null only for the drive root. */
  parentId: string | null;
  /** Absent on business tombstones. */
  name?: string;
  kind: RemoteKind;
  /** `package.type` for packages (OneNote notebooks are `oneNote`). */
  packageType?: string;
  size: number;
  /** fileSystemInfo.lastModifiedDateTime in ms; whole seconds on most accounts. */
  mtimeMs: number;
  /** Base64; absent while the service is still processing a file. */
  quickXorHash?: string;
  eTag?: string;
  cTag?: string;
  deleted: boolean;
  /** `folder.childCount` as reported (folders only). Personal delta answers 0 for every folder (a service bug). */
  childCount?: number;
  /** The pre-authenticated content URL delta gave with the item, if any. */
  direct?: DirectDownload;
}

/**
 * `@microsoft.graph.downloadUrl` and when it was seen: it needs no Authorization and lives about an hour, so a
 * download can go straight to it instead of asking `/content` for a redirect (one round trip, not two).
 * It is a credential for the file: never write it to the journal or a log.
 */
export interface DirectDownload {
  url: string;
  seenAtMs: number;
}

/** Where a delta enumeration continues: a stored delta token, or the next page of one in progress. */
export type DeltaCursor = { kind: 'token'; token: string } | { kind: 'next'; link: string };

export interface DeltaPage {
  items: RemoteItem[];
  /** `next` to fetch another page; `done` carries the token to store once this last page is applied. */
  then: { kind: 'next'; cursor: DeltaCursor } | { kind: 'done'; token: string };
}

/** A resumable upload in progress, stored in the journal so it survives a restart. */
export interface UploadSession {
  url: string;
  /** The next byte the server expects. */
  offset: number;
  expiresAtMs: number;
}

export interface UploadRequest {
  parentId: string;
  /** The remote (already encoded) name. */
  name: string;
  /** The file's path in the pair, for progress: the name alone is not unique across folders. */
  path?: string;
  size: number;
  mtimeMs: number;
  /** Reads the local file from a byte offset; called again from the resume point after a dropped connection. */
  open(offset: number): AsyncIterable<Uint8Array>;
  /** Replace this item only if it still has this eTag (the state the plan saw). */
  ifMatch?: string;
  /** A session saved from an earlier attempt. */
  resume?: UploadSession;
  /** Called when a session starts and after every accepted chunk, so the journal can save it. */
  onSession?(session: UploadSession): void;
  onProgress?(bytes: number): void;
  signal?: AbortSignal;
}

export interface DownloadRequest {
  itemId: string;
  /** Continue a partial download from here (HTTP Range). */
  offset?: number;
  /** Refuse if the item no longer has this eTag: the plan would be stale. */
  ifMatch?: string;
  /** Use this URL when it is still fresh; the drive falls back to `/content` when it is refused. */
  direct?: DirectDownload;
  signal?: AbortSignal;
}

export interface MoveRequest {
  parentId?: string;
  name?: string;
  ifMatch?: string;
  /** Resent on moves because the service can reset it. */
  mtimeMs?: number;
}

export interface RemoteDrive {
  readonly driveId: string;
  /** The id of the pair's remote folder. */
  readonly rootId: string;
  /**
   * One page of changes under the pair's folder. `cursor` null enumerates everything. A token the server
   * forgot rejects with a RemoteError of kind `resync-required`.
   */
  delta(cursor: DeltaCursor | null, signal?: AbortSignal): Promise<DeltaPage>;
  /** Uploads with fileSystemInfo set, so the mtime survives; resolves with the item as the server stored it. */
  upload(req: UploadRequest): Promise<RemoteItem>;
  /** The content from `offset`; the engine writes it to a temp file and checks the hash. */
  download(req: DownloadRequest): Promise<AsyncIterable<Uint8Array>>;
  /** Creates a folder; an existing folder of that name is returned, not an error. */
  mkdir(parentId: string, name: string): Promise<RemoteItem>;
  move(itemId: string, req: MoveRequest): Promise<RemoteItem>;
  /** Deletes to the OneDrive recycle bin, never permanently. */
  delete(itemId: string, opts?: { ifMatch?: string }): Promise<void>;
  setMtime(itemId: string, mtimeMs: number): Promise<RemoteItem>;
  /** A folder's children, a page per request (only for folders delta reported alone: see moved-in.ts). */
  listChildren(folderId: string): AsyncIterable<RemoteItem[]>;
}
