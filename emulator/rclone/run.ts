// Reproduces a finding by hand: starts an emulator, the TLS proxy and a config, runs each rclone command in
// order against the same drive and prints what rclone printed, then the requests the proxy saw.
//
//   npx tsx emulator/rclone/run.ts --profile business -- 'mkdir emu:a' 'lsjson emu: -vv --dump headers'
//
// Each quoted argument after `--` is one rclone command, split on spaces. `LOCAL` in a command stands for
// a scratch folder holding the conformance test's tree (restricted names, a 1.1 MB file, an empty file).
import { join } from 'node:path';
import { startRcloneHarness } from './harness.js';
import { conformanceTree, writeTree } from './tree.js';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
const own = sep < 0 ? argv : argv.slice(0, sep);
const commands = sep < 0 ? [] : argv.slice(sep + 1);
const profile = own[own.indexOf('--profile') + 1] === 'business' ? 'business' : 'personal';
if (commands.length === 0) {
  console.error('usage: run.ts [--profile personal|business] -- "rclone args" ["more args"...]');
  process.exit(2);
}

const h = await startRcloneHarness(profile);
try {
  const local = join(h.dir, 'local');
  await writeTree(local, conformanceTree());
  for (const command of commands) {
    const args = command.split(' ').filter(Boolean).map((a) => a.replaceAll('LOCAL', local));
    const from = h.proxy.log.length;
    const r = await h.rclone(args);
    console.log(`$ rclone ${command}  → exit ${r.code}${r.timedOut ? ' (timed out)' : ''}`);
    if (r.stdout) console.log(r.stdout.trimEnd());
    if (r.stderr) console.log(r.stderr.trimEnd());
    console.log('-- requests seen by the proxy:');
    for (const e of h.proxy.log.slice(from)) console.log(`   ${e.status} ${e.method} ${e.host}${e.path}${e.authorized ? '  [token]' : ''}`);
  }
} finally {
  await h.close();
}
