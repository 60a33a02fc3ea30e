// One sync pass of the big pair in a process of its own, so its peak memory is the pass's and not the bench's
// history. Spawned by bench/sync.ts bigPair(); prints one JSON line: the pass's figures.
// Argument: JSON { graphUrl, adminUrl, token, base, name, remoteFolder }.
import { readFileSync } from 'node:fs';
import { checkPass, openPair } from './sync-env.js';

interface Args {
  graphUrl: string;
  adminUrl: string;
  token: string;
  base: string;
  name: string;
  remoteFolder: string;
}

export interface ChildFigures {
  ms: number;
  actions: number;
  done: number;
  graphRequests: string[];
  /** VmHWM: the most resident memory the process ever had, in MB. */
  peakRssMB: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const lastSeq = async (): Promise<number> => (await requests(0)).at(-1)?.seq ?? 0;
async function requests(since: number): Promise<Array<{ seq: number; method: string; path: string }>> {
  const r = await fetch(`${args.adminUrl}/requests?since=${since}`);
  return ((await r.json()) as { value: Array<{ seq: number; method: string; path: string }> }).value;
}

/**
 * STRATUS_BENCH_MEM=1: where in the pass memory goes, on stderr. Resident, V8 heap (total / used) and external
 * memory sampled every 20 ms; one line per second of the pass with the second's largest resident sample.
 */
function memoryTimeline(t0: number): () => void {
  if (!process.env.STRATUS_BENCH_MEM) return () => {};
  const mb = (n: number) => (n / 1048576).toFixed(0);
  let second = 0;
  let top: NodeJS.MemoryUsage | null = null;
  const print = () => {
    if (top) console.error(`mem ${second}s rss ${mb(top.rss)} heap ${mb(top.heapTotal)}/${mb(top.heapUsed)} ext ${mb(top.external)} ab ${mb(top.arrayBuffers)}`);
  };
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const sec = Math.floor((performance.now() - t0) / 1000);
    if (sec !== second) {
      print();
      second = sec;
      top = null;
    }
    if (!top || m.rss > top.rss) top = m;
  }, 20);
  return () => {
    clearInterval(timer);
    print();
  };
}

const pair = await openPair(args, args.base, args.name, args.remoteFolder);
try {
  const seq = await lastSeq();
  const t = performance.now();
  const stopTimeline = memoryTimeline(t);
  const r = await pair.pass();
  const ms = performance.now() - t;
  stopTimeline();
  checkPass(`pass of the ${args.name} pair`, r);
  const graphRequests = (await requests(seq)).map((q) => `${q.method} ${q.path.split('?')[0]}`);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const peakRssMB = hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
  const figures: ChildFigures = { ms, actions: r.plan.actions.length, done: r.report?.done ?? 0, graphRequests, peakRssMB };
  console.log(JSON.stringify(figures));
} finally {
  pair.close();
}
