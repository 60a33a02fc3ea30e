/** rclone prints hashes in hex; Graph gives quickXorHash in base64. */
export function quickXorToHex(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex');
}
