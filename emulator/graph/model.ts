// The data the emulated drives are made of. Plain objects (no methods) so a snapshot is JSON; all changes
// go through DriveStore (store.ts), which keeps the indexes, the change log and the quota right.

export type DriveType = 'personal' | 'business' | 'documentLibrary';
export type ItemKind = 'folder' | 'file' | 'package';
export type ConflictBehavior = 'fail' | 'replace' | 'rename';

export interface Drive {
  id: string;
  driveType: DriveType;
  name: string;
  description: string;
  /** The account whose OneDrive this is; absent for a SharePoint document library. */
  ownerAccountId?: string;
  /** The SharePoint site a document library belongs to. */
  siteId?: string;
  webUrl: string;
  rootId: string;
  createdDateTime: string;
  quotaTotal: number;
  /** Bytes of current content, old versions and the recycle bin. Kept up to date on every change. */
  quotaUsed: number;
  /** Bytes held by the recycle bin (part of quotaUsed). */
  quotaDeleted: number;
  /** Some SharePoint libraries answer a quota of all zeros. */
  quotaUnknown?: boolean;
}

export interface Site {
  id: string; // "{hostname},{site collection guid},{web guid}"
  hostname: string;
  /** Server-relative path: "" for the root site, "/sites/Marketing" for others. */
  path: string;
  name: string;
  displayName: string;
  webUrl: string;
  createdDateTime: string;
  driveIds: string[];
}

export interface FileSystemInfo {
  createdDateTime: string;
  lastModifiedDateTime: string;
}

/**
 * A file's bytes. `data` holds them; without `data` the content is `size` zero bytes (how seeded sparse
 * files of many GB stay cheap). Hashes are computed once when the content is made (makeContent).
 */
export interface Content {
  size: number;
  quickXorHash: string;
  sha1Hash?: string;
  data?: Buffer;
  /** Set by persistence: the blob file holding `data` under --data DIR. */
  blob?: string;
}

export interface Version {
  id: string;
  lastModifiedDateTime: string;
  lastModifiedBy: string;
  content: Content;
}

/** A sharing permission (links and invitations). Shape owned by the content/links routes. */
export interface Permission {
  id: string;
  [key: string]: unknown;
}

export interface Item {
  id: string;
  driveId: string;
  /** As given by the client; lookups compare lowercased names. */
  name: string;
  /** null for the root. */
  parentId: string | null;
  kind: ItemKind;
  packageType?: 'oneNote';
  /** Stable per item: the GUID inside business eTags and cTags. */
  guid: string;
  /** Bumped on any change of the item's own properties or content. */
  eTagVersion: number;
  /** Bumped on content change (files) or any descendant change (folders). */
  cTagVersion: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  fileSystemInfo: FileSystemInfo;
  createdBy: string;
  lastModifiedBy: string;
  mimeType?: string;
  description?: string;
  /** Files only: the current content. */
  content?: Content;
  /** Files only: every version, oldest first; the last one is the current content. */
  versions: Version[];
  nextVersion: number;
  /** Folders: total bytes of the current content below. Files: the content size. */
  size: number;
  permissions: Permission[];
  /** The parent before the latest move: a folder-scoped delta tells items that left it as deleted. */
  prevParentId?: string;
  /** The change-log position of this item's latest change (delta reads it). */
  seq: number;
  /** Set once the item is deleted: it stays as a delta tombstone (and in the recycle bin until purged). */
  deleted?: { at: string; by: string; recycled: boolean; purged: boolean; rootOfDeletion: boolean };
}

/** An error the Graph answers with: status, code, message, and an optional inner code. */
export interface GraphFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  inner?: string;
}

export type Outcome<T> = { ok: true; value: T } | GraphFailure;

export function fail(status: number, code: string, message: string, inner?: string): GraphFailure {
  return inner ? { ok: false, status, code, message, inner } : { ok: false, status, code, message };
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}
