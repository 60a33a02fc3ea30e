export { QuickXorHash, quickXorHash } from './quickxor.js';
export { HASH_KINDS, MultiHasher, Sha1Hash, createHasher } from './hashers.js';
export type { Digests, HashKind, StreamingHash } from './hashers.js';
export { HashFileError, hashFile, hashIterable } from './file.js';
export type { FileHashes, HashErrorKind } from './file.js';
export { HashingTransform } from './transform.js';
