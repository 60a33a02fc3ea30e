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

/** Business item id: "01" and 32 base32 characters (34 in all). */
export function businessItemId(): string {
  const bytes = randomBytes(32);
  let s = '01';
  for (let i = 0; i < 32; i++) s += BASE32[bytes[i]! & 31];
  return s;
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
