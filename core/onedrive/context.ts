import type { GraphClient } from '../graph/client.js';
import type { OneDriveOptions } from './options.js';
import type { PathCodec } from './paths.js';
import type { DriveItem } from './types.js';

/** What every OneDrive operation works with: one drive of one account, and the user's options. */
export interface DriveContext {
  client: GraphClient;
  driveId: string;
  driveType: string;
  options: OneDriveOptions;
  codec: PathCodec;
}

/** An item by its path below the drive root ("a/b.txt", "" for the root) or by its id. */
export type ItemRef = string | { id: string };

export function driveBase(ctx: DriveContext): string {
  return `/drives/${encodeURIComponent(ctx.driveId)}`;
}

/** The Graph path of an item, with an optional route after it ("children", "content", ...). */
export function itemUrl(ctx: DriveContext, ref: ItemRef, route?: string): string {
  if (typeof ref === 'string') return `${driveBase(ctx)}/root${ctx.codec.pathSuffix(ref, route)}`;
  return `${driveBase(ctx)}/items/${encodeURIComponent(ref.id)}${route ? `/${route}` : ''}`;
}

export function describe(ref: ItemRef): string {
  return typeof ref === 'string' ? `/${ref.replace(/^\/+/, '')}` : `item ${ref.id}`;
}

export function isPersonal(ctx: DriveContext): boolean {
  return ctx.driveType === 'personal';
}

/** Names as the user knows them: rclone's encoding undone. */
export function decodeItem(ctx: DriveContext, item: DriveItem): DriveItem {
  return item.root ? item : { ...item, name: ctx.codec.decodeName(item.name) };
}
