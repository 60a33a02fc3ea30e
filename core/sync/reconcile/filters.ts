/** The patterns every pair ignores: Office lock files, editor swap and temp files, our own partial downloads. */
export const DEFAULT_IGNORE: readonly string[] = ['~*', '.~*', '*.tmp', '*.swp', '*.partial'];

/**
 * A glob as a RegExp: `*` any run of characters but `/`, `?` one such character, `[...]` a class (`[!...]`
 * negates). Case-insensitive, because OneDrive names are.
 */
export function globToRegExp(glob: string): RegExp {
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
  return new RegExp(`^${re}$`, 'i');
}

/** Decides which paths a pair leaves alone: anything matching an ignore pattern, or inside something that does. */
export class IgnoreRules {
  private readonly byName: RegExp[] = [];
  private readonly byPath: RegExp[] = [];

  constructor(patterns: readonly string[]) {
    for (const p of patterns) {
      const trimmed = p.replace(/^\/+|\/+$/g, '');
      if (!trimmed) continue;
      (trimmed.includes('/') ? this.byPath : this.byName).push(globToRegExp(trimmed));
    }
  }

  ignores(path: string): boolean {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      if (this.byName.some((r) => r.test(parts[i]!))) return true;
      if (this.byPath.length) {
        const prefix = parts.slice(0, i + 1).join('/');
        if (this.byPath.some((r) => r.test(prefix))) return true;
      }
    }
    return false;
  }
}

/**
 * The chosen remote subfolders (empty: everything). A path is in when it lies inside a chosen folder; the
 * folders leading to a chosen one are in as folders only, so the tree can be built without their files.
 */
export class Selection {
  private readonly roots: string[];

  constructor(folders: readonly string[]) {
    this.roots = folders.map((f) => f.replace(/^\/+|\/+$/g, '').toLowerCase()).filter((f) => f !== '');
  }

  includes(path: string, kind: 'file' | 'dir' | string): boolean {
    if (this.roots.length === 0) return true;
    const p = path.toLowerCase();
    for (const r of this.roots) {
      if (p === r || p.startsWith(`${r}/`)) return true;
      if (kind === 'dir' && r.startsWith(`${p}/`)) return true;
    }
    return false;
  }
}
