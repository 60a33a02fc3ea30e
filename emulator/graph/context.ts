import type { IncomingMessage } from 'node:http';
import type { EmulatorContext } from '../context.js';
import type { Item } from './model.js';
import { requestOrigin } from './request.js';
import type { SerializeContext } from './serialize.js';
import type { DriveStore } from './store.js';

export interface CopyJob {
  id: string;
  status: 'notStarted' | 'inProgress' | 'completed' | 'failed';
  percentageComplete: number;
  resourceId?: string;
  errorCode?: string;
}

/** The emulator context plus what Graph keeps: the drives and the copy jobs. */
export interface GraphContext extends EmulatorContext {
  store: DriveStore;
  copyJobs: Map<string, CopyJob>;
  /** Set by the content half: the pre-authenticated download URL of a file. */
  downloadUrl?: (item: Item, origin: string) => string | undefined;
}

export function withGraph(ctx: EmulatorContext, store: DriveStore): GraphContext {
  return Object.assign(ctx, { store, copyJobs: new Map<string, CopyJob>() });
}

/** What driveItemJson needs for one request. */
export function serializeContext(ctx: GraphContext, req: IncomingMessage): SerializeContext {
  const q = req.url?.indexOf('?') ?? -1;
  const sel = q < 0 ? null : new URLSearchParams(req.url!.slice(q + 1)).get('$select');
  const select = sel ? new Set(sel.split(',').map((p) => p.trim()).filter(Boolean)) : undefined;
  return { store: ctx.store, accounts: ctx.accounts, origin: requestOrigin(req, ctx.origin), downloadUrl: ctx.downloadUrl, select };
}
