import { createHash, randomBytes, randomUUID } from 'node:crypto';

// Ids look like the real service's, because clients parse and compare them (rclone splits personal ids
// at the "!" and lowercases drive ids; sync clients store them as keys).

/** Personal drive id: 16 hex characters (the account's CID), lowercase as /me/drive answers it. */
export function personalDriveId(seed: string): string {
  const hex = seed.replace(/-/g, '').slice(-16);
  return /^[0-9a-f]{16}$/i.test(hex) ? hex.toLowerCase() : createHash('sha256').update(seed).digest('hex').slice(0, 16);
}

/** Personal item id: upper-case drive id, "!", a per-drive counter. The root is "!101". */
export function personalItemId(driveId: string, n: number): string {
  return `${driveId.toUpperCase()}!${n}`;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// A random prefix per process and a counter: ids look random enough to clients, and making one costs no
// system call (random bytes per item made seeding 100,000 items spend seconds in getrandom).
const PREFIX = Array.from(randomBytes(20), (b) => BASE32[b & 31]).join('');
let counter = 0;

/** Business item id: "01" and 32 base32 characters (34 in all). */
export function businessItemId(): string {
  let n = ++counter;
  let tail = '';
  for (let i = 0; i < 12; i++) { tail = BASE32[n & 31] + tail; n = Math.floor(n / 32); }
  return `01${PREFIX}${tail}`;
}

/** Business / SharePoint drive id: "b!" and a base64url string, stable for a seed. */
export function businessDriveId(seed: string): string {
  return `b!${createHash('sha256').update(`drive:${seed}`).digest('base64url')}${createHash('sha256').update(`more:${seed}`).digest('base64url').slice(0, 21)}`;
}

export function guid(): string {
  return randomUUID();
}

/** A GUID that is the same for the same seed, so sites keep their ids across restarts without --data. */
export function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
