import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printedUrl, systemBrowser } from './openers.js';

describe('ways to show the sign-in page', () => {
  it('prints the address', async () => {
    const lines: string[] = [];
    await printedUrl((l) => lines.push(l))('http://127.0.0.1:1/common/oauth2/v2.0/authorize?x=1');
    expect(lines.join('\n')).toContain('http://127.0.0.1:1/common/oauth2/v2.0/authorize?x=1');
  });

  it('starts the opener with the URL, and explains when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-opener-'));
    try {
      const out = join(dir, 'opened');
      // A stand-in opener that records the address it was given ($0 of sh -c).
      await systemBrowser(['sh', ['-c', `printf %s "$0" > '${out}'`]])('http://127.0.0.1:1/?a=1&b=2');
      await expect.poll(() => readFile(out, 'utf8').catch(() => ''), { timeout: 3000 }).toBe('http://127.0.0.1:1/?a=1&b=2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await expect(systemBrowser(['stratus-no-such-opener', []])('http://127.0.0.1:1/'))
      .rejects.toMatchObject({ kind: 'failed', message: expect.stringMatching(/device code/) });
  });
});
