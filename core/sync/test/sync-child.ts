// One sync pass in its own process, so a test can SIGKILL it at a chosen Graph request and start again.
// Usage: node --import tsx sync-child.ts '{"graphUrl","token","folderId","root","journalFile","trashHome"}'
import { Pacer } from '../../graph/pacer.js';
import { onedriveEncoder } from '../../names/encoder.js';
import { OneDrive } from '../../onedrive/onedrive.js';
import { syncOnce } from '../engine/sync-once.js';
import { FreedesktopTrash, NodeFs } from '../fs/index.js';
import { Journal } from '../journal/index.js';
import { defaultOptions, onedriveNameRules } from '../reconcile/index.js';
import { GraphDrive } from '../remote/graph-drive.js';
import { CHUNK, PAIR } from './harness-constants.js';

interface Args { graphUrl: string; token: string; folderId: string; root: string; journalFile: string; trashHome: string }
const a = JSON.parse(process.argv[2] ?? '{}') as Args;

const drive = await OneDrive.open({
  accountId: 'acct', tokens: async () => a.token, pacer: new Pacer('acct', { minSpacingMs: 0 }),
  options: { graph_url: a.graphUrl }, backoffBaseMs: 20, maxRetries: 4, timeoutMs: 10_000,
});
const journal = new Journal(a.journalFile);
const result = await syncOnce({
  pairId: PAIR, fs: new NodeFs(a.root, new FreedesktopTrash(a.trashHome)), remote: new GraphDrive(drive.ctx, a.folderId, CHUNK),
  journal, transfers: 4, now: () => Date.now(),
  options: defaultOptions(onedriveNameRules, 'laptop', Date.now(), { remoteRootPath: '/Sync' }),
  decode: (n) => onedriveEncoder.decode(n),
});
journal.close();
process.stdout.write(JSON.stringify({ counts: result.plan.counts, failed: result.report?.failed ?? [] }) + '\n');
