import { GraphError } from '../graph/errors.js';

/** rclone's onedrive options, by the same names, so a user can carry a config over. */
export interface OneDriveOptions {
  client_id: string;
  client_secret: string;
  region: 'global' | 'us' | 'de' | 'cn';
  tenant: string;
  auth_url: string;
  token_url: string;
  graph_url: string;
  /** Bytes; a multiple of 320 KiB and at most 250 MiB. */
  chunk_size: number;
  drive_id: string;
  drive_type: '' | 'personal' | 'business' | 'documentLibrary';
  expose_onenote_files: boolean;
  server_side_across_configs: boolean;
  no_versions: boolean;
  link_scope: 'anonymous' | 'organization';
  link_type: 'view' | 'edit' | 'embed';
  link_password: string;
  encoding: string;
}

export const CHUNK_UNIT = 320 * 1024;
export const MAX_CHUNK = 250 * 1024 * 1024;
export const DEFAULT_ENCODING =
  'Slash,LtGt,DoubleQuote,Colon,Question,Asterisk,Pipe,BackSlash,Del,Ctl,LeftSpace,LeftTilde,RightSpace,RightPeriod,InvalidUtf8,Dot';

export const defaultOptions: OneDriveOptions = {
  client_id: '',
  client_secret: '',
  region: 'global',
  tenant: '',
  auth_url: '',
  token_url: '',
  graph_url: '',
  chunk_size: 10 * 1024 * 1024,
  drive_id: '',
  drive_type: '',
  expose_onenote_files: false,
  server_side_across_configs: false,
  no_versions: false,
  link_scope: 'anonymous',
  link_type: 'view',
  link_password: '',
  encoding: DEFAULT_ENCODING,
};

export const OPTION_NAMES = Object.keys(defaultOptions) as (keyof OneDriveOptions)[];

/** Options that hold secrets: never printed in full. */
export const SECRET_OPTIONS = new Set<keyof OneDriveOptions>(['client_secret', 'link_password']);

function invalid(message: string): GraphError {
  return new GraphError({ kind: 'invalid', code: 'invalidOption', message });
}

/** rclone's SizeSuffix: "10M", "320k", "1G", plain bytes; binary units as rclone uses them. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) throw invalid(`"${text}" is not a size: write it like 10M, 320k or 5242880.`);
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase()]!;
  return Math.round(Number(m[1]) * mult);
}

/** Refuses a chunk size Graph would refuse, with the rule in the message. */
export function checkChunkSize(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes <= 0 || bytes % CHUNK_UNIT !== 0 || bytes > MAX_CHUNK) {
    throw invalid(`chunk_size ${bytes} bytes is not allowed: it must be a multiple of 320 KiB (327,680 bytes) and at most 250 MiB (262,144,000 bytes), e.g. 10M.`);
  }
  return bytes;
}

const BOOL_TRUE = new Set(['true', '1', 'yes', 'on']);
const BOOL_FALSE = new Set(['false', '0', 'no', 'off', '']);

/** Sets one option from text (config files, the command line), checking it. */
export function setOption(o: OneDriveOptions, name: string, value: string): OneDriveOptions {
  if (!Object.hasOwn(defaultOptions, name)) throw invalid(`Unknown option "${name}": known options are ${OPTION_NAMES.join(', ')}.`);
  const key = name as keyof OneDriveOptions;
  const next = { ...o } as Record<string, unknown>;
  const oneOf = (allowed: readonly string[]) => {
    if (!allowed.includes(value)) throw invalid(`${name} must be one of ${allowed.filter(Boolean).join(', ')}, not "${value}".`);
    return value;
  };
  switch (key) {
    case 'chunk_size': next[key] = checkChunkSize(parseSize(value)); break;
    case 'expose_onenote_files':
    case 'server_side_across_configs':
    case 'no_versions': {
      const v = value.toLowerCase();
      if (!BOOL_TRUE.has(v) && !BOOL_FALSE.has(v)) throw invalid(`${name} is true or false, not "${value}".`);
      next[key] = BOOL_TRUE.has(v);
      break;
    }
    case 'region': next[key] = oneOf(['global', 'us', 'de', 'cn']); break;
    case 'drive_type': next[key] = oneOf(['', 'personal', 'business', 'documentLibrary']); break;
    case 'link_scope': next[key] = oneOf(['anonymous', 'organization']); break;
    case 'link_type': next[key] = oneOf(['view', 'edit', 'embed']); break;
    default: next[key] = value;
  }
  return next as unknown as OneDriveOptions;
}

/** Full options from a partial set (defaults filled in, chunk size checked). */
export function resolveOptions(partial: Partial<OneDriveOptions> = {}): OneDriveOptions {
  const o = { ...defaultOptions, ...partial };
  checkChunkSize(o.chunk_size);
  return o;
}
