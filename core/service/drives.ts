import type { AuthManager } from '../auth/index.js';
import { OneDrive, myDrives, searchSites, siteDrives } from '../onedrive/index.js';
import type { Drive, OneDriveOptions } from '../onedrive/index.js';
import { ServiceError } from './errors.js';
import type { CleanupSummary, DriveSummary, FolderEntry, ShareLink, ShareLinkRequest } from './contract.js';

/** A search that matches many sites reads the libraries of this many: one request each. */
const MAX_SITES = 10;

const summary = (d: Drive): DriveSummary => ({
  id: d.id,
  name: d.name ?? (d.driveType === 'documentLibrary' ? 'Documents' : 'OneDrive'),
  driveType: d.driveType,
  ...(d.quota?.total ? { quota: { used: d.quota.used ?? 0, total: d.quota.total, state: d.quota.state ?? 'normal' } } : {}),
});

/**
 * The OneDrive features the UI offers directly: choosing a drive, browsing folders for the picker, one-click
 * share links and version cleanup. One OneDrive client per (account, drive), so they share the account's pacer.
 */
export class DriveFeatures {
  private readonly open = new Map<string, Promise<OneDrive>>();

  constructor(private readonly auth: AuthManager, private readonly options: Partial<OneDriveOptions> = {}) {}

  async listDrives(accountId: string): Promise<DriveSummary[]> {
    const mine = await this.drive(accountId);
    const all = await myDrives(mine.client);
    // /me/drives may omit the user's own drive (facts file), so it leads the list either way.
    return [mine.drive, ...all.filter((d) => d.id !== mine.drive.id)].map(summary);
  }

  /**
   * SharePoint document libraries of the sites whose name matches `term` (a work or school account), each named
   * with its site, so the user can pick one to browse, share from or sync. Only the first sites found are read.
   */
  async searchLibraries(accountId: string, term: string): Promise<DriveSummary[]> {
    const mine = await this.drive(accountId);
    if (mine.driveType === 'personal') throw new ServiceError('invalid', 'SharePoint libraries come with work or school accounts; this account is a personal OneDrive.');
    const { client } = mine;
    const sites = (await searchSites(client, term)).slice(0, MAX_SITES);
    const libraries = await Promise.all(sites.map(async (site) => (await siteDrives(client, site.id)).map((d) => ({
      ...summary(d), site: site.displayName ?? site.name ?? site.webUrl ?? site.id,
    }))));
    return libraries.flat();
  }

  async listFolder(accountId: string, driveId: string, path: string): Promise<FolderEntry[]> {
    const drive = await this.drive(accountId, driveId);
    const items = await drive.list(path);
    return items
      .map((i) => ({ name: i.name, path: path ? `${path}/${i.name}` : i.name, isFolder: !!i.folder, size: i.size ?? 0 }))
      .sort((a, b) => Number(b.isFolder) - Number(a.isFolder) || a.name.localeCompare(b.name));
  }

  async createShareLink(accountId: string, driveId: string, path: string, req: ShareLinkRequest): Promise<ShareLink> {
    const drive = await this.drive(accountId, driveId);
    const p = await drive.link(path, {
      type: req.type,
      scope: req.scope,
      ...(req.password ? { password: req.password } : {}),
      ...(req.expiry ? { expiry: new Date(req.expiry) } : {}),
    });
    return {
      url: p.link?.webUrl ?? '',
      type: p.link?.type ?? req.type,
      scope: p.link?.scope ?? req.scope,
      hasPassword: !!p.hasPassword,
      ...(p.expirationDateTime ? { expiry: p.expirationDateTime } : {}),
    };
  }

  async cleanupVersions(accountId: string, driveId: string, path: string, dryRun: boolean): Promise<CleanupSummary> {
    const drive = await this.drive(accountId, driveId);
    const report = await drive.cleanup(path, { dryRun });
    return { dryRun: report.dryRun, files: report.files, versions: report.deleted.length, bytes: report.bytes };
  }

  private drive(accountId: string, driveId?: string): Promise<OneDrive> {
    const key = `${accountId}\n${driveId ?? ''}`;
    let pending = this.open.get(key);
    if (!pending) {
      pending = OneDrive.open({
        accountId,
        tokens: this.auth.tokenProvider,
        options: { ...this.options, graph_url: this.auth.graphUrl, ...(driveId ? { drive_id: driveId } : {}) },
      });
      // A failed open (offline, signed out) must not stick: the next request tries again.
      pending.catch(() => this.open.delete(key));
      this.open.set(key, pending);
    }
    return pending;
  }
}
