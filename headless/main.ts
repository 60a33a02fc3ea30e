// `npm run web [-- --port N]`: the Stratus service and UI for a browser, on http://127.0.0.1 only.
import { StratusService } from '../core/service/service.js';
import { startHeadlessHost } from './server.js';

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('web: --port takes a port number (0 picks a free one)');
  process.exit(2);
}
const host = await startHeadlessHost({ service: new StratusService('headless'), port });
console.log(`Stratus is running at ${host.url}  (Ctrl+C to stop)`);
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
