import type { Action, Plan } from './types.js';

/** One line per action, for `sync --dry-run` and logs. */
export function describe(a: Action): string {
  switch (a.type) {
    case 'upload': return `upload         ${a.path}${a.remoteName !== a.path.slice(a.path.lastIndexOf('/') + 1) ? ` (as "${a.remoteName}")` : ''} [${a.why}]`;
    case 'download': return `download       ${a.path} [${a.why}]`;
    case 'mkdir-local': return `create folder  ${a.path} (here)`;
    case 'mkdir-remote': return `create folder  ${a.path} (on OneDrive)`;
    case 'move-local': return `move here      ${a.from} -> ${a.path}`;
    case 'move-remote': return `move on OneDrive ${a.from} -> ${a.path}`;
    case 'delete-local': return `trash here     ${a.path}${a.items > 1 ? ` (${a.items} items)` : ''}`;
    case 'delete-remote': return `recycle on OneDrive ${a.path}${a.items > 1 ? ` (${a.items} items)` : ''}`;
    case 'conflict': return `conflict       ${a.path}: keep OneDrive's, save this computer's as "${a.conflictPath}" (${a.reason})`;
    case 'metadata-local': return `set time here  ${a.path}`;
    case 'metadata-remote': return `set time on OneDrive ${a.path}`;
    case 'record': return `record         ${a.path}`;
    case 'skip': return `skip           ${a.path}: ${a.problem.message}`;
  }
}

/** The dry-run text: the hold (if any), every action, then the totals. */
export function printPlan(plan: Plan): string {
  const lines: string[] = [];
  if (plan.held) lines.push(`ON HOLD: ${plan.held.message}`);
  for (const a of plan.actions) lines.push(describe(a));
  const totals = Object.entries(plan.counts).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(totals ? `total: ${totals}` : 'nothing to do');
  return lines.join('\n');
}
