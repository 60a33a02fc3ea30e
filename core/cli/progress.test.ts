import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress.js';

function fakeTerminal() {
  const writes: string[] = [];
  return { writes, stream: { columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('ProgressBar', () => {
  it('draws one line with the percentage and sizes on a terminal, and clears it when done', () => {
    const t = fakeTerminal();
    const bar = new ProgressBar(t.stream, true);
    bar.update('file.bin', 512 * 1024, 1024 * 1024);
    expect(t.writes[0]).toMatch(/^\r\[=+> +\] {2}50% 512 KiB\/1 MiB file\.bin +$/);
    expect(t.writes[0]!.length).toBe(80);
    bar.done();
    expect(t.writes[1]).toMatch(/^\r +\r$/);
  });

  it('stays silent when the output is not a terminal', () => {
    const t = fakeTerminal();
    const bar = new ProgressBar(t.stream, false);
    bar.update('x', 1, 2);
    bar.done();
    expect(t.writes).toEqual([]);
  });
});
