// `npm run web [-- --port N] [--emulator URL]`: the Stratus service and UI for a browser, on http://127.0.0.1 only.
// --emulator points sign-in and Graph at a local emulator (`npm run emulator` prints its URL).
import { AuthManager } from '../core/auth/index.js';
import { stratusHome } from '../core/cli/home.js';
import { openSecretStore } from '../core/secrets/index.js';
import { emulatorEndpoints } from '../core/service/endpoints.js';
import { StratusService } from '../core/service/service.js';
import { startHeadlessHost } from './server.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const port = Number(option('--port') ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('web: --port takes a port number (0 picks a free one)');
  process.exit(2);
}
const emulator = option('--emulator');
let auth: AuthManager;
try {
  auth = new AuthManager({ store: await openSecretStore(), ...(emulator ? emulatorEndpoints(emulator) : {}) });
} catch (err) {
  console.error(`web: ${(err as Error).message}`);
  process.exit(1);
}
const service = new StratusService({ host: 'headless', auth, home: stratusHome(process.env) });
const host = await startHeadlessHost({ service, port });
void service.startSync();
console.log(`Stratus is running at ${host.url}  (Ctrl+C to stop)`);
const stop = () => void service.stopSync().then(() => host.close()).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
