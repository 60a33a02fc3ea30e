// One sync pass in its own process that dies by SIGKILL the moment the journal writes the row of a chosen path
// (inside that row's transaction), so a test can see what a crash between recorded batches leaves.
// Usage: node --import tsx record-kill-child.ts '{"graphUrl","token","folderId","root","journalFile","trashHome","dieAt"}'
import { Pacer } from '../../graph/pacer.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { OneDrive } from '../../onedrive/onedrive.js';
import { syncOnce } from '../engine/sync-once.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { GraphDrive } from '../remote/graph-drive.js';
import { CHUNK, PAIR } from './harness-constants.js';

interface Args { graphUrl: string; token: string; folderId: string; root: string; journalFile: string; trashHome: string; dieAt: string }
const a = JSON.parse(process.argv[2] ?? '{}') as Args;

const drive = await OneDrive.open({
  accountId: 'acct', tokens: async () => a.token, pacer: new Pacer('acct', { minSpacingMs: 0 }),
  options: { graph_url: a.graphUrl }, backoffBaseMs: 20, maxRetries: 4, timeoutMs: 10_000,
});
const journal = new Journal(a.journalFile);
journal.db.function('die', () => process.kill(process.pid, 'SIGKILL'));
journal.db.function('die_at', () => a.dieAt);
journal.db.exec('CREATE TEMP TRIGGER die_at AFTER INSERT ON items WHEN NEW.path = die_at() BEGIN SELECT die(); END');
await syncOnce({
  pairId: PAIR, fs: new NodeFs(a.root, new FreedesktopTrash(a.trashHome)), remote: new GraphDrive(drive.ctx, a.folderId, CHUNK),
  journal, transfers: 4, now: () => Date.now(),
  options: defaultOptions(onedriveNameRules, 'laptop', Date.now(), { remoteRootPath: '/Sync' }),
  decode: (n) => onedriveEncoder.decode(n),
});
journal.close();
process.stdout.write('the pass ended without reaching the row it was to die at\n');
