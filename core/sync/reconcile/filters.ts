/** The patterns every pair ignores: Office lock files, editor swap and temp files, our own partial downloads. */
export const DEFAULT_IGNORE: readonly string[] = ['~*', '.~*', '*.tmp', '*.swp', '*.partial'];

/**
 * A glob as a RegExp: `*` any run of characters but `/`, `?` one such character, `[...]` a class (`[!...]`
 * negates). Case-insensitive, because OneDrive names are.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`, 'i');
}

function globSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return re;
}

/** Decides which paths a pair leaves alone: anything matching an ignore pattern, or inside something that does. */
export class IgnoreRules {
  // One alternation per kind: a scan of 100,000 paths tests each part once, not once per pattern.
  private readonly byName: RegExp | null;
  private readonly byPath: RegExp | null;
  /** byName matched against a path's last part without cutting it out: no pattern part can cross a `/`. */
  private readonly byLastName: RegExp | null;

  constructor(patterns: readonly string[]) {
    const names: string[] = [];
    const paths: string[] = [];
    for (const p of patterns) {
      const trimmed = p.replace(/^\/+|\/+$/g, '');
      if (trimmed) (trimmed.includes('/') ? paths : names).push(globSource(trimmed));
    }
    this.byName = names.length ? new RegExp(`^(?:${names.join('|')})$`, 'i') : null;
    this.byLastName = names.length ? new RegExp(`(?:^|/)(?:${names.join('|')})$`, 'i') : null;
    this.byPath = paths.length ? new RegExp(`^(?:${paths.join('|')})$`, 'i') : null;
  }

  /** Whether the last part of `path` is ignored, its folders taken as not ignored (`ignoresUnder` asks them once each). */
  ignoresLast(path: string): boolean {
    return (this.byLastName?.test(path) ?? false) || (this.byPath?.test(path) ?? false);
  }

  ignores(path: string): boolean {
    let start = 0;
    for (;;) {
      const end = path.indexOf('/', start);
      const part = end < 0 ? path.slice(start) : path.slice(start, end);
      if (this.byName?.test(part)) return true;
      if (this.byPath?.test(end < 0 ? path : path.slice(0, end))) return true;
      if (end < 0) return false;
      start = end + 1;
    }
  }
}

/**
 * `rules.ignores` for many paths in few folders (a whole pair): each folder's answer is found once, then only a
 * path's last part is tested. For one pass: the memo holds every folder it was asked about.
 */
export function ignoresUnder(rules: IgnoreRules): (path: string) => boolean {
  const dirs = new Map<string, boolean>();
  // Paths mostly come folder by folder: the last folder's answer is reused without cutting its name out again.
  let lastDir = '';
  let lastIgnored = false;
  return (path) => {
    const slash = path.lastIndexOf('/');
    if (slash > 0) {
      let ignored: boolean | undefined;
      if (slash === lastDir.length && path.startsWith(lastDir)) ignored = lastIgnored;
      else {
        const dir = path.slice(0, slash);
        ignored = dirs.get(dir);
        if (ignored === undefined) dirs.set(dir, (ignored = rules.ignores(dir)));
        lastDir = dir;
        lastIgnored = ignored;
      }
      if (ignored) return true;
    }
    return rules.ignoresLast(path);
  };
}

/**
 * The chosen remote subfolders (empty: everything). A path is in when it lies inside a chosen folder; the
 * folders leading to a chosen one are in as folders only, so the tree can be built without their files. Files
 * at the top of the pair are always in.
 */
export class Selection {
  private readonly roots: string[];

  constructor(folders: readonly string[]) {
    this.roots = folders.map((f) => f.replace(/^\/+|\/+$/g, '').toLowerCase()).filter((f) => f !== '');
  }

  includes(path: string, kind: 'file' | 'dir' | string): boolean {
    if (this.roots.length === 0) return true;
    // Choosing folders leaves out other folders, never the files beside them at the top of the pair (as
    // OneDrive's own "Choose folders" does): nothing in the picker stands for them.
    if (kind !== 'dir' && !path.includes('/')) return true;
    const p = path.toLowerCase();
    for (const r of this.roots) {
      if (p === r || p.startsWith(`${r}/`)) return true;
      if (kind === 'dir' && r.startsWith(`${p}/`)) return true;
    }
    return false;
  }
}
