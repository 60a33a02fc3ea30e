/** The check a sync engine makes on a local name before uploading it: encode, then apply OneDrive's rules. */
import type { NameEncoder } from './encoder.js';
import type { NameProblem } from './problems.js';
import { checkName } from './validate.js';
import type { NameCheckOptions } from './validate.js';

export interface LocalNameCheck {
  /** The name to send to OneDrive. */
  remoteName: string;
  problems: NameProblem[];
}

export function checkLocalName(local: string | Uint8Array, encoder: NameEncoder, opts: NameCheckOptions = {}): LocalNameCheck {
  const remoteName = encoder.encode(local);
  const shown = typeof local === 'string' ? local : Buffer.from(local).toString('utf8');
  const problems = checkName(remoteName, opts).map((p) => ({ ...p, name: shown }));
  if (!encoder.roundTrips(local)) {
    problems.push({
      kind: 'not-reversible',
      name: shown,
      reason: `"${shown}" would come back from OneDrive under a different name (${whyNotReversible(shown)}). ` +
        'Rename it, for example by removing that character.',
    });
  }
  return { remoteName, problems };
}

function whyNotReversible(name: string): string {
  if (name === '．.') return 'it is stored as "．．", which reads back as ".."';
  return 'a "‛" right before a final space or dot cannot be told apart after encoding';
}
