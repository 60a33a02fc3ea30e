import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphFailure } from '../graph/test/harness.js';
import { closeRigsAfterEach, openRig } from './test/setup.js';
import type { Profile, Rig } from './test/setup.js';

let rig: Rig | undefined;
closeRigsAfterEach();

/** Uploads `times` different contents to the same path, making versions. */
async function uploadTimes(r: Rig, remote: string, times: number): Promise<void> {
  const local = join(r.tmp, 'v.txt');
  for (let i = 0; i < times; i++) {
    await writeFile(local, `version ${i} `.repeat(10 + i));
    await r.drive.upload(local, remote);
  }
}

describe.each<Profile>(['personal', 'business'])('versions on a %s drive', (profile) => {
  it('lists versions newest first, the current one included', async () => {
    rig = await openRig(profile);
    await uploadTimes(rig, 'f.txt', 3);
    const versions = await rig.drive.versions('f.txt');
    expect(versions.length).toBeGreaterThanOrEqual(3);
    const current = await rig.drive.get('f.txt');
    expect(versions[0]!.size).toBe(current.size);
  });

  it('cleans up all but the current version (dry run first), or says personal cannot', async () => {
    rig = await openRig(profile);
    await uploadTimes(rig, 'dir/a.txt', 3);
    await uploadTimes(rig, 'dir/sub/b.txt', 2);
    if (profile === 'personal') {
      const err = await graphFailure(rig.drive.cleanup('dir'));
      expect(err.kind).toBe('unsupported');
      expect(err.message).toMatch(/OneDrive personal cannot delete versions/);
      return;
    }
    const before = (await rig.drive.versions('dir/a.txt')).length;
    const dry = await rig.drive.cleanup('dir', { dryRun: true });
    expect(dry.files).toBe(2);
    expect(dry.deleted.length).toBe(before - 1 + (await rig.drive.versions('dir/sub/b.txt')).length - 1);
    expect((await rig.drive.versions('dir/a.txt')).length).toBe(before);
    const real = await rig.drive.cleanup('dir');
    expect(real.deleted.length).toBe(dry.deleted.length);
    expect(real.bytes).toBeGreaterThan(0);
    expect(await rig.drive.versions('dir/a.txt')).toHaveLength(1);
    expect(await rig.drive.versions('dir/sub/b.txt')).toHaveLength(1);
  });

  it('no_versions keeps only the current version after each upload and mtime change (business)', async () => {
    rig = await openRig(profile, { no_versions: true });
    await uploadTimes(rig, 'n.txt', 3);
    await rig.drive.setModTime('n.txt', new Date('2020-01-01T00:00:00Z'));
    const versions = await rig.drive.versions('n.txt');
    if (profile === 'business') expect(versions).toHaveLength(1);
    else expect(versions.length).toBeGreaterThanOrEqual(3);
  });
});
