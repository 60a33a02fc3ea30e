// SharePoint rewrites Office files it receives (size and hash change). The engine accepts the server's version
// once and never loops: when the upload's answer shows the rewrite (what users of rclone report), the journal
// records the server's version as the remote side and the file here as the local side, so nothing comes down
// and nothing goes up again; when only the next delta shows it, it comes down once (the user's content with
// SharePoint's additions) and then nothing moves. A later real edit on either side syncs as usual.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bothSides, hashOf, lastSeq, openPair, remoteChange, requests, writeLocal } from './harness.js';
import type { Pair } from './harness.js';

let p: Pair;
afterEach(async () => { await p.close(); });

const TRAILER = '\n<!-- SharePoint: document properties -->\n';
const isTransfer = (r: { path: string }) =>
  r.path.includes('/content') || r.path.startsWith('/_download') || r.path.startsWith('/_upload') || r.path.includes('createUploadSession');

async function settle(): Promise<number> {
  for (let i = 1; i <= 4; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return i;
  }
  throw new Error('the sync never settled: a loop');
}

describe.each(['answer', 'after'] as const)('SharePoint rewriting Office files after upload (business; rewrite shown: %s)', (when) => {
  beforeEach(async () => {
    p = await openPair('business');
    const r = await fetch(`${p.rig.e.adminUrl}/settings`, { method: 'POST', body: JSON.stringify({ officeRewrite: when }) });
    expect(((await r.json()) as { officeRewrite: string }).officeRewrite).toBe(when);
  });

  // What the file here holds once the sync settled after sending `v`.
  const settledHere = (v: string) => hashOf(when === 'answer' ? v : `${v}${TRAILER}`);

  it('an uploaded .docx that comes back changed is accepted once, then nothing moves', async () => {
    await writeLocal(p, 'plan.docx', 'v1');
    await writeLocal(p, 'notes.txt', 'plain');
    const seq = await lastSeq(p);
    await settle();
    const { local, remote } = await bothSides(p);
    expect(remote.get('plan.docx')).toBe(hashOf(`v1${TRAILER}`));
    expect(local.get('plan.docx')).toBe(settledHere('v1'));
    expect(local.get('notes.txt')).toBe(remote.get('notes.txt'));
    // One upload each (a session and its one chunk); a download only when the answer did not show the rewrite.
    const sent = (await requests(p, seq)).filter(isTransfer);
    expect(sent.filter((r) => r.method === 'GET')).toHaveLength(when === 'answer' ? 0 : 1);
    expect(sent.filter((r) => r.path.includes('createUploadSession')).map((r) => r.path.replace(/.*:\/(.+):\/.*/, '$1')).sort()).toEqual(['notes.txt', 'plan.docx']);
    expect(sent.filter((r) => r.method === 'PUT')).toHaveLength(2);
    const quiet = await lastSeq(p);
    for (let i = 0; i < 2; i++) expect((await p.pass()).plan.actions).toEqual([]);
    expect((await requests(p, quiet)).filter(isTransfer)).toEqual([]);
  });

  it('a later edit here goes up (and is accepted once again); a later edit on OneDrive comes down', async () => {
    await writeLocal(p, 'plan.docx', 'v1');
    await settle();
    await writeLocal(p, 'plan.docx', 'v2, edited here');
    await settle();
    let sides = await bothSides(p);
    expect(sides.remote.get('plan.docx')).toBe(hashOf(`v2, edited here${TRAILER}`));
    expect(sides.local.get('plan.docx')).toBe(settledHere('v2, edited here'));
    await remoteChange(p, { op: 'edit', path: 'plan.docx', content: 'v3, edited in Word online' });
    await settle();
    sides = await bothSides(p);
    expect(sides.local.get('plan.docx')).toBe(hashOf('v3, edited in Word online'));
    expect(sides.remote.get('plan.docx')).toBe(hashOf('v3, edited in Word online'));
  });
});
