// `npm test`: unit and integration tests (vitest), then the browser end-to-end suite (Playwright).
// On Linux the whole run happens inside a private D-Bus session with an unlocked gnome-keyring, so the
// keychain tests use a real Secret Service (see scripts/with-keyring.sh). Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

if (process.platform === 'linux' && process.env.STRATUS_KEYRING_READY !== '1') {
  const r = spawnSync('sh', [`${here}with-keyring.sh`, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
run('npm', ['run', 'test:e2e']);
