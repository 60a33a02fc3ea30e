// Test helper: applies a batch and dies by SIGKILL after its first row is written, inside the transaction.
import { Journal } from '../journal.js';

const [file, pairId] = process.argv.slice(2) as [string, string];
const j = new Journal(file);
j.db.function('die', () => process.kill(process.pid, 'SIGKILL'));
j.db.exec("CREATE TEMP TRIGGER die_on_boom AFTER INSERT ON items WHEN NEW.path = 'boom' BEGIN SELECT die(); END");
const row = (path: string) => ({
  path, driveId: 'd1', itemId: `id:${path}`, parentId: null, name: path, kind: 'file' as const, size: 1, mtimeMs: 1,
  quickXorHash: null, eTag: null, cTag: null, localSize: 1, localMtimeMs: 1, localIno: '1',
});
j.apply(pairId, [{ op: 'put', row: row('first') }, { op: 'token', token: 'T2' }, { op: 'put', row: row('boom') }]);
