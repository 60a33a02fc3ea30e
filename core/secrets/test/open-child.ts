// Run in a child process whose environment has no keychain: opens the store as a host would, first without and
// then with the file-store opt-in, and prints both outcomes as JSON (kinds and messages only; never a secret).
import { createSecretStore } from '../factory.js';

const [service, refusedFolder, allowedFolder] = process.argv.slice(2);

async function attempt(folder: string, allowFileStore: boolean): Promise<Record<string, unknown>> {
  const r = await createSecretStore({ service: service!, folder, allowFileStore });
  if (!r.ok) return { ok: false, kind: r.error.kind, message: r.error.message };
  await r.store.set('probe', 'child-secret-value');
  const back = await r.store.get('probe');
  return { ok: true, backend: r.backend, warning: r.warning, roundTrip: back === 'child-secret-value' };
}

console.log(JSON.stringify({ refused: await attempt(refusedFolder!, false), allowed: await attempt(allowedFolder!, true) }));
