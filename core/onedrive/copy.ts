import { GraphError } from '../graph/errors.js';
import { sleep } from '../graph/pacer.js';
import { decodeItem, describe, itemUrl } from './context.js';
import type { DriveContext, ItemRef } from './context.js';
import { getItem } from './items.js';
import type { DriveItem } from './types.js';

interface MonitorStatus {
  status?: string;
  percentageComplete?: number;
  resourceId?: string;
  error?: { code?: string; message?: string };
}

/**
 * Server-side copy: Graph answers 202 with a monitor URL (no auth) and copies in the background; we poll it
 * until done. `toDrive` copies into another drive (OneDrive allows it between drives the account can write).
 */
export async function copyItem(
  ctx: DriveContext,
  ref: ItemRef,
  to: { parent: string; name?: string; toDrive?: DriveContext },
  opts: { signal?: AbortSignal; onProgress?: (percent: number) => void; pollMs?: number } = {},
): Promise<DriveItem> {
  const dest = to.toDrive ?? ctx;
  const item = await getItem(ctx, ref);
  const parent = await getItem(dest, to.parent);
  const name = to.name ?? item.name;
  const res = await ctx.client.stream('POST', itemUrl(ctx, { id: item.id }, 'copy'), {
    query: { '@microsoft.graph.conflictBehavior': 'replace' },
    json: { parentReference: { driveId: dest.driveId, id: parent.id }, name: dest.codec.encodeName(name) },
    headers: { prefer: 'respond-async' },
    item: describe(ref),
    signal: opts.signal,
  });
  const monitor = res.headers.get('location');
  await res.body?.cancel();
  if (!monitor) throw new GraphError({ kind: 'server', message: 'OneDrive accepted the copy but gave no way to follow it: check the destination later.', item: describe(ref) });
  let wait = opts.pollMs ?? 200;
  for (;;) {
    const st = await readMonitor(ctx, monitor, describe(ref), opts.signal);
    if (st?.percentageComplete !== undefined) opts.onProgress?.(st.percentageComplete);
    if (st?.status === 'completed' && st.resourceId) return decodeItem(dest, await dest.client.json<DriveItem>('GET', itemUrl(dest, { id: st.resourceId })));
    if (st?.status === 'failed' || st?.status === 'cancelled') {
      throw new GraphError({ kind: 'server', code: st.error?.code ?? 'copyFailed', detail: st.error?.message, item: describe(ref), message: `OneDrive could not copy ${describe(ref)}${st.error?.message ? ` (${st.error.message})` : ''}.` });
    }
    await sleep(wait, opts.signal);
    wait = Math.min(wait * 2, 5000);
  }
}

/**
 * One look at the copy monitor (it needs no Authorization). When the copy is done the service may answer
 * 303 to the new item instead of a status; the item itself needs our token, so the redirect is not followed.
 */
async function readMonitor(ctx: DriveContext, monitor: string, item: string, signal?: AbortSignal): Promise<MonitorStatus | undefined> {
  const res = await ctx.client.stream('GET', monitor, { auth: false, item, signal, redirect: 'manual', accept: [202, 303] });
  if (res.status === 303) {
    await res.body?.cancel();
    const location = res.headers.get('location') ?? '';
    const id = /\/items\/([^/?]+)/.exec(location)?.[1];
    return id ? { status: 'completed', resourceId: decodeURIComponent(id) } : undefined;
  }
  const text = await res.text();
  return text ? (JSON.parse(text) as MonitorStatus) : undefined;
}
