import { hashFile } from '../../hash/file.js';
import type { HashKind } from '../../hash/hashers.js';
import { has, remotePath, UsageError } from '../args.js';
import type { Session } from '../session.js';

/** `hashsum quickxor|sha1 [--base64] FILE...`: rclone's format, "HASH  NAME", hex unless --base64. */
export async function hashsumCommand(s: Session, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const [kind, ...files] = s.args.positionals;
  if ((kind !== 'quickxor' && kind !== 'sha1') || files.length === 0) throw new UsageError('usage: stratus hashsum quickxor|sha1 [--base64] FILE...');
  const base64 = has(s.args, 'base64');
  let failed = 0;
  for (const f of files) {
    const remote = remotePath(f);
    let text: string | undefined;
    if (remote !== undefined) {
      const item = await (await s.onedrive(f)).get(remote);
      const h = item.file?.hashes;
      text = kind === 'quickxor' ? h?.quickXorHash : h?.sha1Hash;
      if (!text) {
        err(`stratus: OneDrive has no ${kind} hash for ${f} (it may still be processing it)`);
        failed++;
        continue;
      }
      text = kind === 'quickxor' ? (base64 ? text : Buffer.from(text, 'base64').toString('hex')) : (base64 ? Buffer.from(text, 'hex').toString('base64') : text.toLowerCase());
    } else {
      try {
        const { digests } = await hashFile(f, [kind as HashKind]);
        const d = digests[kind as HashKind]!;
        text = kind === 'quickxor' ? (base64 ? d : Buffer.from(d, 'base64').toString('hex')) : (base64 ? Buffer.from(d, 'hex').toString('base64') : d);
      } catch (e) {
        err(`stratus: ${(e as Error).message}`);
        failed++;
        continue;
      }
    }
    out(`${text}  ${f}`);
  }
  return failed > 0 ? 1 : 0;
}
