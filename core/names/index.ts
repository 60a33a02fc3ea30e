export { NameEncoder, onedriveEncoder } from './encoder.js';
export { ENCODING_FLAGS, ONEDRIVE_DEFAULT_ENCODING, parseEncoding } from './flags.js';
export type { EncodingError, EncodingFlag, ParseResult } from './flags.js';
export { MAX_FILE_BYTES, MAX_PATH_CHARS, checkName, checkPath, checkSize } from './validate.js';
export type { NameCheckOptions } from './validate.js';
export { caseCollisionProblems, caseKey, findCaseCollisions } from './collisions.js';
export { checkLocalName } from './local.js';
export type { LocalNameCheck } from './local.js';
export type { DriveType, NameProblem, NameProblemKind } from './problems.js';
