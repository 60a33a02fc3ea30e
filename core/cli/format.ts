/** Output formats close to rclone's, so scripts written for it keep working. */
export function humanSize(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 3 : v < 100 ? 2 : 1).replace(/\.?0+$/, '')} ${units[u]}`;
}

/** "2006-01-02 15:04:05" in local time, as rclone's lsd prints it. */
export function listTime(iso: string | undefined): string {
  const d = iso ? new Date(iso) : new Date(0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function pad(s: string | number, width: number): string {
  return String(s).padStart(width);
}

/** A duration like 30m, 12h, 7d, 2w, or an ISO date, as a point in time. */
export function parseExpiry(text: string, now = Date.now()): Date | undefined {
  const m = /^(\d+)([smhdw])$/.exec(text.trim());
  if (m) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return new Date(now + Number(m[1]) * unit);
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t);
}
