/** A command line split rclone's way: the command, its positional arguments, and --flags (with values). */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Map<string, string | true>;
  /** Every value of a repeatable flag, in order (`--ignore a --ignore b`); `flags` keeps only the last. */
  lists: Map<string, string[]>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Flags that never take a value; every other --flag takes the next word (or =value). */
const BOOLEAN_FLAGS = new Set(['verbose', 'v', 'dry-run', 'base64', 'device-code', 'permanent', 'recursive', 'R', 'help', 'h', 'json', 'no-progress', 'once', 'watch', 'force', 'all', 'none']);

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const lists = new Map<string, string[]>();
  const set = (name: string, v: string) => {
    flags.set(name, v);
    lists.set(name, [...(lists.get(name) ?? []), v]);
  };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyPositionals || a === '-' || !a.startsWith('-')) {
      positionals.push(a);
      continue;
    }
    if (a === '--') {
      onlyPositionals = true;
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (eq >= 0) set(name, body.slice(eq + 1));
    else if (BOOLEAN_FLAGS.has(name)) flags.set(name, true);
    else {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      set(name, v);
      i++;
    }
  }
  return { command: positionals.shift(), positionals, flags, lists };
}

export function flag(a: ParsedArgs, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = a.flags.get(n);
    if (typeof v === 'string') return v;
  }
  return undefined;
}

export function has(a: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => a.flags.has(n));
}

export function need(a: ParsedArgs, count: number, usage: string): string[] {
  if (a.positionals.length < count) throw new UsageError(`usage: stratus ${usage}`);
  return a.positionals;
}

/** "remote:dir/file" or ":dir/file" is on OneDrive; anything else (including C:\x) is local. */
export function remotePath(arg: string): string | undefined {
  const m = /^([A-Za-z0-9_.-]{2,}|):(.*)$/.exec(arg);
  return m ? m[2]!.replace(/^\/+/, '').replace(/\/+$/, '') : undefined;
}

/** The remote's name in "name:path" ("" for ":path"), or undefined for a local path. */
export function remoteName(arg: string | undefined): string | undefined {
  const m = arg === undefined ? null : /^([A-Za-z0-9_.-]{2,}|):/.exec(arg);
  return m ? m[1]! : undefined;
}
