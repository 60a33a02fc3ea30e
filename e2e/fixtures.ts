import { test as base } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthManager } from '../core/auth/index.js';
import type { SecretStore } from '../core/secrets/store.js';
import { emulatorEndpoints } from '../core/service/endpoints.js';
import { StratusService } from '../core/service/service.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { startHeadlessHost, type HeadlessHost } from '../headless/server.js';
import { testSecretStore } from './secret-store.js';

// As Mattermost desktop's e2e fixtures do: every test gets its own state folder, its own keychain entries,
// its own emulated OneDrive and its own host, so tests never see each other's accounts or settings.
export const test = base.extend<{ profile: 'personal' | 'business'; stateDir: string; store: SecretStore; emulator: Emulator; host: HeadlessHost }>({
  // A personal OneDrive unless a spec asks for a work or school one with test.use({ profile: 'business' }).
  profile: ['personal', { option: true }],
  stateDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  store: async ({ stateDir }, use) => {
    const { store, cleanup } = await testSecretStore(stateDir);
    await use(store);
    await cleanup();
  },
  emulator: async ({ profile }, use) => {
    const emulator = await startEmulator({ profile });
    await use(emulator);
    await emulator.close();
  },
  host: async ({ store, emulator, stateDir }, use) => {
    const auth = new AuthManager({ store, ...emulatorEndpoints(emulator.origin) });
    const service = new StratusService({ host: 'headless', auth, home: join(stateDir, 'home') });
    const host = await startHeadlessHost({ service });
    await use(host);
    await service.stopSync();
    await host.close();
  },
});

export { expect } from '@playwright/test';
