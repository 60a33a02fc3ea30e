export type {
  DeltaCursor,
  DeltaPage,
  DownloadRequest,
  MoveRequest,
  RemoteDrive,
  RemoteItem,
  RemoteKind,
  UploadRequest,
  UploadSession,
} from './types.js';
export { isResyncRequired, RemoteError } from './errors.js';
export type { RemoteErrorKind, ResyncHint } from './errors.js';
export { observeRemote } from './observe.js';
export type { RemoteView } from './observe.js';
export { MemoryDrive } from './memory-drive.js';
