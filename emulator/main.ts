// `npm run emulator -- --profile personal|business --port 0 [--data DIR] [--latency-ms N] [--page-size N] [--auto-approve]`
// Prints one JSON line with the URLs, then serves until stopped.
import { parseArgs } from './options.js';
import { startEmulator } from './server.js';

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`emulator: ${(err as Error).message}`);
  process.exit(2);
}
const emulator = await startEmulator(options);
console.log(JSON.stringify({
  profile: options.profile,
  graphUrl: emulator.graphUrl,
  authorityUrl: emulator.authorityUrl,
  adminUrl: emulator.adminUrl,
}));
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
