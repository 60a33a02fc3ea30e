import type { Profile } from '../options.js';
import type { OfficeRewrite } from './office-rewrite.js';

/** Switches for behaviours that differ between accounts or that tests turn on (admin: /_emulator/settings). */
export interface StoreSettings {
  profile: Profile;
  /** Personal only: also give files a sha1Hash, as personal OneDrive did until July 2023. */
  legacySha1: boolean;
  /** Personal delta answers folder.childCount 0 for every folder (a real service bug). */
  personalChildCountBug: boolean;
  /** Delta pages come in shuffled order (the service guarantees no order). */
  deltaShuffle: boolean;
  /** The next N delta requests fail with 500 cannotSnapshotTree (-1: until switched off). */
  cannotSnapshotTree: number;
  /** Inner code of the 410 resyncRequired answer for a forgotten token. */
  resyncInner: string;
  /** parentReference.path percent-encoded ("/drive/root:/My%20Files"), as the itemReference docs say. */
  parentPathEncoded: boolean;
  /** Business only: delta items carry parentReference.path, as some reports say business does (docs: never). */
  deltaParentPath: boolean;
  /** Listing a folder holding more children than this fails, as the service does near 100,000. */
  folderListLimit: number;
  /** Business only: Office files (.docx/.xlsx/.pptx) are stored with bytes added, as SharePoint does. */
  officeRewrite: OfficeRewrite;
}

export const defaultSettings = (profile: Profile): StoreSettings => ({
  profile,
  legacySha1: false,
  personalChildCountBug: profile === 'personal',
  deltaShuffle: false,
  cannotSnapshotTree: 0,
  resyncInner: 'resyncChangesApplyDifferences',
  folderListLimit: 100_000,
  parentPathEncoded: true,
  deltaParentPath: false,
  officeRewrite: 'off',
});

