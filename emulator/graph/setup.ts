import type { Account } from '../identity/accounts.js';
import type { Profile } from '../options.js';
import { businessDriveId, businessItemId, personalDriveId, personalItemId, stableGuid } from './ids.js';
import type { Drive, Site } from './model.js';

const GB = 1024 ** 3;
const TB = 1024 * GB;
export const TENANT_HOST = 'contoso';
// The drive id rclone's own docs show for a business remote: tests and configs can rely on it.
const FIRST_BUSINESS_DRIVE = 'b!Eqwertyuiopasdfghjklzxcvbnm-7mnbvcxzlkjhgfdsapoiuytrewqk';

/** The drives and sites a fresh emulator starts with: one OneDrive per account, plus SharePoint on business. */
export function buildDrives(profile: Profile, accounts: Account[]): { drives: Drive[]; sites: Site[] } {
  const created = '2024-01-15T09:00:00Z';
  const drives: Drive[] = accounts.map((a, i) => {
    if (profile === 'personal') {
      const id = personalDriveId(a.id);
      return {
        id, driveType: 'personal', name: 'OneDrive', description: '', ownerAccountId: a.id,
        webUrl: `https://onedrive.live.com/?cid=${id}`, rootId: personalItemId(id, 101), createdDateTime: created,
        quotaTotal: (a.paidPersonal ? 1024 : 5) * GB, quotaUsed: 0, quotaDeleted: 0,
      };
    }
    const user = a.username.replace(/[@.]/g, '_');
    return {
      id: i === 0 ? FIRST_BUSINESS_DRIVE : businessDriveId(a.id), driveType: 'business', name: 'OneDrive', description: '',
      ownerAccountId: a.id, webUrl: `https://${TENANT_HOST}-my.sharepoint.com/personal/${user}/Documents`,
      rootId: businessItemId(), createdDateTime: created, quotaTotal: TB, quotaUsed: 0, quotaDeleted: 0,
    };
  });
  if (profile === 'personal') return { drives, sites: [] };

  const sites: Site[] = [];
  const addSite = (path: string, displayName: string, libraries: string[]) => {
    const host = `${TENANT_HOST}.sharepoint.com`;
    const id = `${host},${stableGuid(`site:${path}`)},${stableGuid(`web:${path}`)}`;
    const webUrl = `https://${host}${path}`;
    const site: Site = {
      id, hostname: host, path, name: path ? path.split('/').pop()! : '', displayName, webUrl, createdDateTime: created, driveIds: [],
    };
    for (const lib of libraries) {
      const drive: Drive = {
        id: businessDriveId(`${path}/${lib}`), driveType: 'documentLibrary', name: lib, description: '', siteId: id,
        webUrl: `${webUrl}/${lib === 'Documents' ? 'Shared%20Documents' : encodeURIComponent(lib)}`,
        rootId: businessItemId(), createdDateTime: created, quotaTotal: 25 * TB, quotaUsed: 0, quotaDeleted: 0,
      };
      drives.push(drive);
      site.driveIds.push(drive.id);
    }
    sites.push(site);
  };
  addSite('', 'Communication site', ['Documents']);
  addSite('/sites/Marketing', 'Marketing', ['Documents', 'Campaigns']);
  addSite('/sites/Engineering', 'Engineering', ['Documents']);
  return { drives, sites };
}
