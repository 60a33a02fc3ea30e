import { isGraphError } from '../graph/errors.js';
import { parseArgs, UsageError } from './args.js';
import type { ParsedArgs } from './args.js';
import { accountsCommand, loginCommand, logoutCommand } from './commands/auth.js';
import { configCommand } from './commands/config.js';
import { hashsumCommand } from './commands/hashsum.js';
import { ls, lsd, lsjson } from './commands/listing.js';
import { aboutCommand, cleanupCommand, deleteCommand, drivesCommand, linkCommand, mkdirCommand, useCommand, versionsCommand } from './commands/manage.js';
import { pairCommand } from './commands/pair.js';
import { conflictsCommand } from './commands/conflicts.js';
import { statusCommand, syncCommand } from './commands/sync.js';
import { copyCommand } from './commands/transfer.js';
import { Session } from './session.js';

type Out = (line: string) => void;
type Command = (s: Session, out: Out, err: Out) => Promise<void | number>;

const COMMANDS: Record<string, [Command, string]> = {
  login: [loginCommand, 'login [--device-code] [--region R] [--client-id ID --client-secret S] [--tenant T]'],
  logout: [logoutCommand, 'logout [ACCOUNT]'],
  accounts: [accountsCommand, 'accounts'],
  drives: [drivesCommand, 'drives'],
  use: [useCommand, 'use DRIVE_ID'],
  about: [aboutCommand, 'about'],
  lsd: [lsd, 'lsd remote:path'],
  ls: [ls, 'ls remote:path'],
  lsjson: [lsjson, 'lsjson [-R] remote:path'],
  mkdir: [mkdirCommand, 'mkdir remote:path'],
  copy: [(s, out) => copyCommand(s, out), 'copy SRC DST [--bwlimit RATE|UP:DOWN|TIMETABLE]'],
  move: [(s, out) => copyCommand(s, out, { move: true }), 'move SRC DST [--bwlimit RATE|UP:DOWN|TIMETABLE]'],
  delete: [deleteCommand, 'delete remote:path [--permanent]'],
  link: [linkCommand, 'link remote:path [--type T] [--scope S] [--password P] [--expire 7d]'],
  versions: [versionsCommand, 'versions remote:path'],
  cleanup: [cleanupCommand, 'cleanup [--dry-run] remote:path'],
  hashsum: [hashsumCommand, 'hashsum quickxor|sha1 [--base64] FILE...'],
  pair: [pairCommand, 'pair add --local DIR --remote PATH [--drive ID] [--mode two-way|upload-only|download-only] [--ignore PATTERN]... [--only FOLDER]... [--backup-dir PATH] | pair list | pair select ID --only FOLDER... | --all | pair backup ID PATH | --none | pair remove ID'],
  sync: [syncCommand, 'sync [--once | --watch [--poll-interval SECONDS]] [--dry-run] [--force] [--transfers N] [--checkers N] [--bwlimit RATE|UP:DOWN|TIMETABLE] [PAIR]'],
  status: [statusCommand, 'status [PAIR]'],
  conflicts: [conflictsCommand, 'conflicts [PAIR] | conflicts resolve PAIR ID --keep mine|theirs|both'],
  config: [configCommand, 'config [show | get NAME | set NAME VALUE | unset NAME | path | remote NAME DRIVE_ID|default [ACCOUNT] | remotes]'],
};

export function usage(): string {
  return [
    'usage: stratus COMMAND [ARGS] [--verbose]',
    'A OneDrive path is written remote:path (or :path); anything else is a local path.',
    '',
    ...Object.values(COMMANDS).map(([, u]) => `  stratus ${u}`),
    '',
    'Any option from "stratus config show" can be given for one run as --name value (or --onedrive-name value).',
    '--bwlimit limits transfers of the account, rclone style: 10M or 512k both ways, UP:DOWN like 1M:off, or off,',
    'or a timetable in local time: "08:00,512k 18:00,off" or "Mon-08:00,1M:off Sat-00:00,off" (or STRATUS_BWLIMIT for every run).',
    'STRATUS_HOME chooses where config and state live.',
  ].join('\n');
}

/** Runs one command line; returns the exit code: 0 ok, 1 failed, 2 usage. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = (l) => process.stdout.write(`${l}\n`), err: Out = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  let args: ParsedArgs | undefined;
  try {
    args = parseArgs(argv);
    if (!args.command || args.command === 'help' || args.flags.has('help') || args.flags.has('h')) {
      out(usage());
      return args.command || args.flags.size ? 0 : 2;
    }
    const entry = COMMANDS[args.command];
    if (!entry) throw new UsageError(`unknown command "${args.command}" (see stratus help)`);
    const session = await Session.create(args, env, err);
    const code = await entry[0](session, out, err);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const verbose = args?.flags.has('verbose') || args?.flags.has('v');
    // A bad option value is a usage mistake too: the command line or config must change.
    if (e instanceof UsageError || (isGraphError(e) && e.code === 'invalidOption')) {
      err(`stratus: ${e.message}`);
      return 2;
    }
    err(`stratus: ${oneLine((e as Error).message ?? String(e))}`);
    if (verbose) {
      if (isGraphError(e)) err(`  kind=${e.kind} status=${e.status} code=${e.code}${e.innerCode ? ` inner=${e.innerCode}` : ''}${e.item ? ` item=${e.item}` : ''}${e.detail ? ` server said: ${oneLine(e.detail)}` : ''}`);
      else if ((e as Error).stack) err((e as Error).stack!);
    }
    return 1;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

// Run when executed directly (bin/stratus.js imports this module and calls run itself).
if (process.argv[1] && /core[\\/]cli[\\/]main\.(ts|js)$/.test(process.argv[1])) {
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
