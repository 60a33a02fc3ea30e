/**
 * `NAME (conflict HOSTNAME YYYY-MM-DD HHMMSS).EXT`, beside the original, in UTC so the name does not depend on
 * the machine's zone. `taken` says which paths exist already; a counter is added until the name is free.
 */
export function conflictPath(path: string, hostname: string, nowMs: number, taken: (p: string) => boolean = () => false): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const { stem, ext } = splitExt(path.slice(slash + 1));
  const d = new Date(nowMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const host = hostname.replace(/[/\\:*?"<>|]/g, '-');
  for (let n = 1; ; n++) {
    const tag = n === 1 ? '' : ` ${n}`;
    const candidate = `${dir}${stem} (conflict ${host} ${stamp}${tag})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

/** `report.final.docx` → `report.final` + `.docx`; `.bashrc` and `README` have no extension. */
export function splitExt(name: string): { stem: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, ext: '' };
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}
