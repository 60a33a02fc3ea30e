import { createRequire } from 'node:module';

// Read from package.json so the version shown in the UI and the CLI is the one that was released.
const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };
export const version: string = pkg.version;
