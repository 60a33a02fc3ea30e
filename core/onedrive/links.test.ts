import { describe, expect, it } from 'vitest';
import { linkRefusal } from './links.js';
import { graphFailure, requestLog } from '../graph/test/harness.js';
import { closeRigsAfterEach, openRig, seed, setAccount } from './test/setup.js';
import type { Rig } from './test/setup.js';

let rig: Rig | undefined;
closeRigsAfterEach();

const createLinkCalls = async (r: Rig) => (await requestLog(r.e)).filter((x) => x.path.endsWith('/createLink')).length;

describe('share links', () => {
  it('personal: makes view, edit and embed links, anonymous by default', async () => {
    rig = await openRig('personal');
    await seed(rig.e, [{ path: 'doc.txt', content: 'x' }]);
    const view = await rig.drive.link('doc.txt');
    expect(view.link?.type).toBe('view');
    expect(view.link?.scope).toBe('anonymous');
    expect(view.link?.webUrl).toMatch(/^https:\/\//);
    expect((await rig.drive.link('doc.txt', { type: 'edit' })).roles).toContain('write');
    expect((await rig.drive.link('doc.txt', { type: 'embed' })).link?.type).toBe('embed');
  });

  it('personal: refuses an organization link before asking, with the reason', async () => {
    rig = await openRig('personal');
    await seed(rig.e, [{ path: 'doc.txt', content: 'x' }]);
    const err = await graphFailure(rig.drive.link('doc.txt', { scope: 'organization' }));
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/only on OneDrive for Business/);
    expect(await createLinkCalls(rig)).toBe(0);
  });

  it('personal: a password needs a paid plan; free accounts get a clear refusal from the server', async () => {
    rig = await openRig('personal', { link_password: 's3cret' });
    await seed(rig.e, [{ path: 'doc.txt', content: 'x' }]);
    const err = await graphFailure(rig.drive.link('doc.txt'));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/only paid accounts/);
    await setAccount(rig.e, { paidPersonal: true });
    const link = await rig.drive.link('doc.txt', { expiry: new Date(Date.now() + 86_400_000) });
    expect(link.hasPassword).toBe(true);
  });

  it('business: makes organization links, refuses embed and passwords before asking', async () => {
    rig = await openRig('business', { link_scope: 'organization', link_type: 'edit' });
    await seed(rig.e, [{ path: 'doc.txt', content: 'x' }]);
    const link = await rig.drive.link('doc.txt');
    expect(link.link?.scope).toBe('organization');
    expect(link.link?.type).toBe('edit');
    expect((await graphFailure(rig.drive.link('doc.txt', { type: 'embed' }))).message).toMatch(/Embed links exist only on OneDrive personal/);
    expect((await graphFailure(rig.drive.link('doc.txt', { password: 'pw' }))).message).toMatch(/passwords work only on paid OneDrive personal/);
    expect(await createLinkCalls(rig)).toBe(1);
  });

  it('explains every refused combination without a drive', () => {
    expect(linkRefusal('personal', { type: 'view', scope: 'anonymous' })).toBeUndefined();
    expect(linkRefusal('business', { type: 'view', scope: 'anonymous', expiry: new Date(Date.now() + 1000) })).toBeUndefined();
    expect(linkRefusal('business', { type: 'view', scope: 'anonymous', expiry: new Date(0) })).toMatch(/past/);
    expect(linkRefusal('documentLibrary', { type: 'embed', scope: 'anonymous' })).toMatch(/Embed/);
  });
});
