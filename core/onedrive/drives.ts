import { GraphError } from '../graph/errors.js';
import type { GraphClient } from '../graph/client.js';
import { collect } from '../graph/paging.js';
import type { Drive, DriveItem, Site } from './types.js';

/**
 * Finding the drive to use, with the choices rclone's config offers: my drive, all my drives, the root
 * SharePoint site, a site by URL, a site search, a drive id, a site id.
 */
export function myDrive(client: GraphClient): Promise<Drive> {
  return client.json<Drive>('GET', '/me/drive');
}

/** Every drive of the user; /me/drives may leave out /me/drive, so it is added. */
export async function myDrives(client: GraphClient): Promise<Drive[]> {
  const [mine, all] = await Promise.all([myDrive(client), collect<Drive>(client, '/me/drives').catch(() => [] as Drive[])]);
  return all.some((d) => d.id.toLowerCase() === mine.id.toLowerCase()) ? all : [mine, ...all];
}

export function rootSite(client: GraphClient): Promise<Site> {
  return client.json<Site>('GET', '/sites/root');
}

export function siteDrives(client: GraphClient, siteId: string): Promise<Drive[]> {
  return collect<Drive>(client, `/sites/${encodeURIComponent(siteId)}/drives`);
}

/** A site from its address, e.g. https://contoso.sharepoint.com/sites/Team. */
export async function siteByUrl(client: GraphClient, siteUrl: string): Promise<Site> {
  let u: URL;
  try {
    u = new URL(siteUrl);
  } catch {
    throw new GraphError({ kind: 'invalid', message: `"${siteUrl}" is not a site address: give one like https://contoso.sharepoint.com/sites/Team.` });
  }
  const path = u.pathname.replace(/\/+$/, '');
  return client.json<Site>('GET', path ? `/sites/${u.hostname}:${path}` : `/sites/${u.hostname}`, { item: siteUrl });
}

export function searchSites(client: GraphClient, term: string): Promise<Site[]> {
  return collect<Site>(client, '/sites', { query: { search: term } });
}

/** A drive by id, with its type read from its root (parentReference.driveType), as rclone checks it. */
export async function driveById(client: GraphClient, driveId: string): Promise<Drive> {
  const id = encodeURIComponent(driveId);
  const drive = await client.json<Drive>('GET', `/drives/${id}`, { item: `drive ${driveId}` });
  if (!drive.driveType) {
    const root = await client.json<DriveItem>('GET', `/drives/${id}/root`, { item: `drive ${driveId}` });
    drive.driveType = root.parentReference?.driveType ?? 'business';
  }
  return drive;
}
