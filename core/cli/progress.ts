import { humanSize } from './format.js';

/** A one-line progress bar on a terminal; silent elsewhere, so pipes and logs stay clean. */
export class ProgressBar {
  private last = 0;
  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly enabled = !!process.stderr.isTTY) {}

  update(name: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    const width = 30;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(frac * width);
    const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(width - filled)}`;
    const cols = this.out.columns ?? 100;
    const line = `[${bar}] ${String(Math.round(frac * 100)).padStart(3)}% ${humanSize(done)}/${humanSize(total)} ${name}`;
    this.out.write(`\r${line.slice(0, cols - 1).padEnd(cols - 1)}`);
  }

  done(): void {
    if (this.enabled) this.out.write(`\r${' '.repeat((this.out.columns ?? 100) - 1)}\r`);
  }
}
