// After the engine accepted SharePoint's rewrite of an uploaded Office file (the upload's answer shows other
// bytes than were sent), saving the same bytes here again (an editor's "Save" with nothing changed) must not
// upload once more: the journal keeps the hash of the file here beside the server's.
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAIR, bothSides, hashOf, lastSeq, openPair, remoteChange, requests, writeLocal } from './harness.js';
import type { Pair } from './harness.js';

let p: Pair;
afterEach(async () => { await p.close(); });

const TRAILER = '\n<!-- SharePoint: document properties -->\n';
const uploads = async (since: number) => (await requests(p, since)).filter((r) => r.path.includes('createUploadSession') || r.path.startsWith('/_upload'));

async function settle(): Promise<void> {
  for (let i = 1; i <= 4; i++) {
    const r = await p.pass();
    expect(r.report?.failed ?? []).toEqual([]);
    if (r.plan.actions.length === 0) return;
  }
  throw new Error('the sync never settled: a loop');
}

describe('SharePoint rewrite accepted, then the same bytes saved again (business; rewrite shown in the answer)', () => {
  beforeEach(async () => {
    p = await openPair('business');
    await fetch(`${p.rig.e.adminUrl}/settings`, { method: 'POST', body: JSON.stringify({ officeRewrite: 'answer' }) });
  });

  it('sends nothing again; a real edit afterwards still goes up', async () => {
    await writeLocal(p, 'plan.docx', 'v1');
    await settle();
    expect((await bothSides(p)).remote.get('plan.docx')).toBe(hashOf(`v1${TRAILER}`));

    // The journal keeps both: OneDrive's rewritten version and the bytes here.
    expect(p.journal.item(PAIR, 'plan.docx')).toMatchObject({ quickXorHash: hashOf(`v1${TRAILER}`), localHash: hashOf('v1') });

    // Saved again with the same bytes, twice (a new time, the same content): nothing goes up, and the journal
    // still knows the bytes here after the first of them.
    const seq = await lastSeq(p);
    for (const s of [5, 10]) {
      await writeLocal(p, 'plan.docx', 'v1');
      const later = new Date(Date.now() + s * 1000);
      await utimes(join(p.root, 'plan.docx'), later, later);
      const pass = await p.pass();
      expect(pass.plan.actions.filter((a) => a.type === 'upload')).toEqual([]);
      await settle();
      expect(p.journal.item(PAIR, 'plan.docx')).toMatchObject({ localHash: hashOf('v1') });
    }
    expect(await uploads(seq)).toEqual([]);
    expect((await bothSides(p)).remote.get('plan.docx')).toBe(hashOf(`v1${TRAILER}`));
    expect((await bothSides(p)).local.get('plan.docx')).toBe(hashOf('v1'));

    const edit = await lastSeq(p);
    await writeLocal(p, 'plan.docx', 'v2, really edited');
    await settle();
    expect((await uploads(edit)).length).toBeGreaterThan(0);
    expect((await bothSides(p)).remote.get('plan.docx')).toBe(hashOf(`v2, really edited${TRAILER}`));
    expect(p.journal.item(PAIR, 'plan.docx')).toMatchObject({ localHash: hashOf('v2, really edited') });
  });

  it('a file whose upload comes back unchanged keeps no second hash; a download drops it', async () => {
    await writeLocal(p, 'notes.txt', 'plain text is not rewritten');
    await writeLocal(p, 'plan.docx', 'v1');
    await settle();
    expect(p.journal.item(PAIR, 'notes.txt')?.localHash ?? null).toBeNull();
    expect(p.journal.item(PAIR, 'plan.docx')?.localHash).toBe(hashOf('v1'));
    await remoteChange(p, { op: 'edit', path: 'plan.docx', content: 'v2 from Word online' });
    await settle();
    expect((await bothSides(p)).local.get('plan.docx')).toBe(hashOf('v2 from Word online'));
    expect(p.journal.item(PAIR, 'plan.docx')?.localHash ?? null).toBeNull();
  });
});
