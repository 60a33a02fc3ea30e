// `npm start`: launches the Electron app. Electron 42+ fetches its runtime on first use; where that cannot
// happen (no network) we say so in one sentence and point to the browser host, instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, electronPackageDir } from '../dist/electron/runtime.js';

let binary = electronBinary();
const pkgDir = electronPackageDir();
if (!binary && pkgDir) {
  console.log('Fetching the Electron runtime (first start only)…');
  spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  binary = electronBinary();
}
if (!binary) {
  console.error('Stratus cannot start its desktop window: the Electron runtime is not installed and could not be downloaded (is this machine offline?). Run `npm run web` to use Stratus in your browser instead.');
  process.exit(1);
}
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
