import { defineConfig } from 'vitest/config';

// Unit and integration tests: everything but the browser end-to-end suite in e2e/.
export default defineConfig({
  test: {
    include: ['{core,emulator,headless,electron,renderer,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
