import { test as base } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StratusService } from '../core/service/service.js';
import { startHeadlessHost, type HeadlessHost } from '../headless/server.js';

// As Mattermost desktop's e2e fixtures do: every test gets its own state folder and its own host, so tests
// never see each other's accounts or settings.
export const test = base.extend<{ stateDir: string; host: HeadlessHost }>({
  stateDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  host: async ({ stateDir: _stateDir }, use) => {
    const host = await startHeadlessHost({ service: new StratusService('headless') });
    await use(host);
    await host.close();
  },
});

export { expect } from '@playwright/test';
