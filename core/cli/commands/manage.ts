import { myDrives, rootSite, siteDrives } from '../../onedrive/drives.js';
import { flag, has, need, remotePath, UsageError } from '../args.js';
import { humanSize, listTime, pad, parseExpiry } from '../format.js';
import type { Session } from '../session.js';
import type { LinkScope, LinkType } from '../../onedrive/links.js';

function remoteArg(s: Session, usage: string, index = 0): string {
  const arg = s.args.positionals[index];
  const p = arg === undefined ? undefined : remotePath(arg);
  if (p === undefined) throw new UsageError(`usage: stratus ${usage} (a OneDrive path looks like remote:path or :path)`);
  return p;
}

export async function mkdirCommand(s: Session, out: (l: string) => void): Promise<void> {
  const path = remoteArg(s, 'mkdir remote:path');
  const item = await (await s.onedrive(s.args.positionals[0])).mkdir(path, { parents: true });
  if (s.verbose) out(`Made folder /${path} (id ${item.id})`);
}

/** `delete PATH`: to the recycle bin; --permanent for good where the drive allows it. */
export async function deleteCommand(s: Session, out: (l: string) => void): Promise<void> {
  const path = remoteArg(s, 'delete remote:path [--permanent]');
  if (!path) throw new UsageError('delete refuses the drive root: name a file or folder');
  await (await s.onedrive(s.args.positionals[0])).delete(path, { permanent: has(s.args, 'permanent') });
  if (s.verbose) out(`Deleted /${path}${has(s.args, 'permanent') ? ' permanently' : ' (in the recycle bin)'}`);
}

export async function linkCommand(s: Session, out: (l: string) => void): Promise<void> {
  const path = remoteArg(s, 'link remote:path [--type view|edit|embed] [--scope anonymous|organization] [--password P] [--expire 7d|DATE]');
  const expireText = flag(s.args, 'expire');
  const expiry = expireText ? parseExpiry(expireText) : undefined;
  if (expireText && !expiry) throw new UsageError(`--expire takes a duration like 7d or 12h, or a date, not "${expireText}"`);
  const link = await (await s.onedrive(s.args.positionals[0])).link(path, {
    type: flag(s.args, 'type') as LinkType | undefined,
    scope: flag(s.args, 'scope') as LinkScope | undefined,
    password: flag(s.args, 'password'),
    expiry,
  });
  out(link.link?.webUrl ?? '');
}

export async function versionsCommand(s: Session, out: (l: string) => void): Promise<void> {
  const path = remoteArg(s, 'versions remote:path');
  const versions = await (await s.onedrive(s.args.positionals[0])).versions(path);
  versions.forEach((v, i) => out(`${v.id.padEnd(12)} ${listTime(v.lastModifiedDateTime)} ${pad(v.size ?? 0, 12)}${i === 0 ? '  (current)' : ''}`));
}

/** `cleanup [--dry-run] PATH`: every file keeps only its current version. */
export async function cleanupCommand(s: Session, out: (l: string) => void): Promise<void> {
  const path = remoteArg(s, 'cleanup [--dry-run] remote:path');
  const dryRun = has(s.args, 'dry-run');
  const report = await (await s.onedrive(s.args.positionals[0])).cleanup(path, {
    dryRun,
    onEntry: (e) => out(`${dryRun ? 'Would delete' : 'Deleted'} version ${e.versionId} of ${e.path} (${humanSize(e.size)})`),
  });
  out(`${dryRun ? 'Would free' : 'Freed'} ${humanSize(report.bytes)} in ${report.deleted.length} old version(s) of ${report.files} file(s)`);
}

/** `about`: the drive's space, as rclone prints it. */
export async function aboutCommand(s: Session, out: (l: string) => void): Promise<void> {
  const q = await (await s.onedrive(s.args.positionals[0])).quota();
  if (q.total === undefined) {
    out('This drive does not report its quota.');
    return;
  }
  const rows: [string, number | undefined][] = [['Total', q.total], ['Used', q.used], ['Free', q.remaining], ['Trashed', q.deleted]];
  for (const [k, v] of rows) out(`${`${k}:`.padEnd(9)}${humanSize(v)}`);
  if (q.state && q.state !== 'normal') out(`State:   ${q.state}`);
}

/** `drives`: every drive the account can use (its own, and on business the SharePoint libraries). */
export async function drivesCommand(s: Session, out: (l: string) => void): Promise<void> {
  const drive = await s.onedrive();
  const rows = (await myDrives(drive.client)).map((d) => ({ d, where: 'my drives' }));
  if (drive.driveType !== 'personal') {
    const site = await rootSite(drive.client).catch(() => undefined);
    if (site) for (const d of await siteDrives(drive.client, site.id).catch(() => [])) rows.push({ d, where: site.displayName ?? site.webUrl ?? 'root site' });
  }
  for (const { d, where } of rows) out(`${d.id}  ${d.driveType.padEnd(15)} ${d.name ?? ''}  (${where})${d.id === drive.ctx.driveId ? '  *in use' : ''}`);
}

/** `use DRIVE_ID`: the drive later commands act on. */
export async function useCommand(s: Session, out: (l: string) => void): Promise<void> {
  const [id] = need(s.args, 1, 'use DRIVE_ID (see stratus drives)');
  s.config.options.drive_id = id;
  // The type is read from the drive each time, so a stale drive_type can never outlive a change of drive.
  delete s.config.options.drive_type;
  const opened = await s.onedrive();
  await s.save();
  out(`Using drive ${id} (${opened.driveType})`);
}
