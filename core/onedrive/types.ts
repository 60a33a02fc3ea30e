/** The parts of Graph's driveItem a client relies on (see the facts file). */
export interface DriveItem {
  id: string;
  name: string;
  eTag?: string;
  cTag?: string;
  size?: number;
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  webUrl?: string;
  parentReference?: { driveId?: string; driveType?: string; id?: string; path?: string };
  file?: { mimeType?: string; hashes?: { quickXorHash?: string; sha1Hash?: string; sha256Hash?: string; crc32Hash?: string } };
  folder?: { childCount?: number };
  root?: object;
  deleted?: { state?: string };
  package?: { type?: string };
  remoteItem?: DriveItem;
  fileSystemInfo?: { createdDateTime?: string; lastModifiedDateTime?: string };
  '@microsoft.graph.downloadUrl'?: string;
}

export type DriveType = 'personal' | 'business' | 'documentLibrary';

export interface Quota {
  total?: number;
  used?: number;
  remaining?: number;
  deleted?: number;
  state?: 'normal' | 'nearing' | 'critical' | 'exceeded' | string;
}

export interface Drive {
  id: string;
  name?: string;
  driveType: DriveType | string;
  webUrl?: string;
  owner?: { user?: { id?: string; displayName?: string } };
  quota?: Quota;
}

export interface Site {
  id: string;
  name?: string;
  displayName?: string;
  webUrl?: string;
}

export interface DriveItemVersion {
  id: string;
  lastModifiedDateTime?: string;
  size?: number;
  lastModifiedBy?: { user?: { displayName?: string } };
}

export interface Permission {
  id: string;
  roles?: string[];
  hasPassword?: boolean;
  expirationDateTime?: string;
  link?: { type?: string; scope?: string; webUrl?: string; webHtml?: string };
}

export function isFolder(item: DriveItem): boolean {
  return item.folder !== undefined || item.root !== undefined;
}

export function isOneNote(item: DriveItem): boolean {
  return item.package?.type?.toLowerCase() === 'onenote';
}

/** The item's mtime as the user set it (fileSystemInfo), falling back to the server's. */
export function modTime(item: DriveItem): Date | undefined {
  const t = item.fileSystemInfo?.lastModifiedDateTime ?? item.lastModifiedDateTime;
  return t ? new Date(t) : undefined;
}
