// npm run bench:alerts [-- --alerts 10000 --symbols 500 --polls 2000 --firings 300 --evaluation-only]
//
// Runs with the young generation the app runs with (`--max-semi-space-size=2`, as `npm start` and the
// Docker image): a per-poll allocation there turns into a scavenge inside the poll.
// 1. Evaluation: 10,000 alerts over 500 symbols (price levels, day change %, move %, SMA; 20 per
//    symbol), one new tick per symbol per poll (a random walk), timed per poll through the real
//    Evaluator (the work the polling instance does before anything is stored). Target: < 5 ms.
// 2. Tick to webhook: the real engine, store (embedded PGlite, in memory), webhook deliverer and a
//    local HTTP receiver. Each poll hands the engine ticks that cross some alerts' levels; the time
//    from handing the ticks over to the receiver reading the request is measured per firing
//    (stored first, then published, then posted). Target: p99 < 1 s.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { AlertCondition, Tick } from '@tickstream/shared';
import { Evaluator } from '../backend/src/alerts/evaluator.ts';
import { createAlertEngine } from '../backend/src/alerts/engine.ts';
import { createDeliverer } from '../backend/src/alerts/webhook/deliverer.ts';
import { openPgliteStore } from '../backend/src/store/index.ts';
import type { StoredAlert } from '../backend/src/store/types.ts';

const { values: args } = parseArgs({
  options: {
    alerts: { type: 'string', default: '10000' },
    symbols: { type: 'string', default: '500' },
    polls: { type: 'string', default: '2000' },
    firings: { type: 'string', default: '300' },
    'evaluation-only': { type: 'boolean', default: false },
  },
});
const ALERTS = Number(args.alerts);
const SYMBOLS = Number(args.symbols);
const POLLS = Number(args.polls);
const FIRINGS = Number(args.firings);
const T0 = Math.floor(Date.now() / 1000);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(3)} ms, p99 ${pct(s, 99).toFixed(3)} ms, max ${(s.at(-1) ?? NaN).toFixed(3)} ms (n=${s.length})`;
};
const symbolName = (i: number) => `S${String(i).padStart(4, '0')}`;
const tick = (symbol: string, time: number, price: number): Tick => ({
  symbol, time, price, change: null, changePercent: null, previousClose: 100, dayHigh: null, dayLow: null, dayVolume: null,
  marketState: 'REGULAR', currency: 'USD', source: 'simulated',
});

function condition(i: number): AlertCondition {
  switch (i % 6) {
    case 0: return { type: 'price_above', value: 100 + (i % 7) / 10 };
    case 1: return { type: 'price_below', value: 100 - (i % 7) / 10 };
    case 2: return { type: 'change_percent_above', value: 0.5 + (i % 5) / 10 };
    case 3: return { type: 'change_percent_below', value: -0.5 - (i % 5) / 10 };
    case 4: return { type: 'move_percent', value: 1, windowMinutes: 15, direction: 'either' };
    default: return { type: i % 2 ? 'sma_cross_above' : 'sma_cross_below', period: 20, interval: '1m' };
  }
}

/** GC pauses V8 reports, to tell collector pauses from machine noise in the per-poll figures. */
function gcRecorder() {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  return {
    /** the pauses that started inside one of the [start, end] windows (performance.now() times) */
    async inside(windows: [number, number][]) {
      await new Promise((r) => setTimeout(r, 100)); // entries arrive asynchronously
      observer.disconnect();
      let i = 0;
      const hits: PerformanceEntry[] = [];
      for (const e of entries.sort((a, b) => a.startTime - b.startTime)) {
        while (i < windows.length && (windows[i] as [number, number])[1] < e.startTime) i++;
        if (i < windows.length && (windows[i] as [number, number])[0] <= e.startTime) hits.push(e);
      }
      return hits;
    },
  };
}

async function evaluationBench(): Promise<void> {
  const alerts: StoredAlert[] = Array.from({ length: ALERTS }, (_, i) => ({
    id: i + 1, symbol: symbolName(i % SYMBOLS), condition: condition(i), repeat: 'every', cooldownSeconds: 0, marketHours: 'regular',
    enabled: true, note: null, webhookUrl: null, webhookFormat: 'generic', revision: 1, state: null, createdAt: T0, updatedAt: T0,
  }));
  const ev = new Evaluator();
  const loadStart = performance.now();
  ev.load(alerts);
  const loadMs = performance.now() - loadStart;
  for (const seed of ev.takeSmaSeeds()) seed.tracker.seed(Array.from({ length: 20 }, (_, k) => ({ time: T0 - 3600 + k * 60, open: 100, high: 100, low: 100, close: 99.5 + k / 20, volume: 1 })));
  const prices = Array.from({ length: SYMBOLS }, () => 100);
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const times: number[] = [];
  const cpu: number[] = [];
  const windows: [number, number][] = [];
  const allocated: number[] = [];
  const gc = gcRecorder();
  let fired = 0;
  for (let p = 0; p < POLLS; p++) {
    const ticks = prices.map((price, i) => {
      prices[i] = Math.max(1, price * (1 + (random() - 0.5) * 0.004));
      return tick(symbolName(i), T0 + p * 5, prices[i] as number);
    });
    const heapBefore = getHeapStatistics().used_heap_size;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    fired += ev.evaluate(ticks, (T0 + p * 5) * 1000).firings.length;
    const used = process.cpuUsage(cpuStart);
    const end = performance.now();
    const heapAfter = getHeapStatistics().used_heap_size;
    times.push(end - start);
    cpu.push((used.user + used.system) / 1000);
    if (p >= Math.min(100, POLLS / 10)) windows.push([start, end]);
    // heap growth across a poll is what it allocated, unless a collection ran inside it
    if (heapAfter >= heapBefore) allocated.push(heapAfter - heapBefore);
  }
  const pauses = await gc.inside(windows);
  console.log(`evaluation: ${ALERTS} alerts over ${SYMBOLS} symbols, ${POLLS} polls of ${SYMBOLS} ticks (load ${loadMs.toFixed(1)} ms, ${fired} firings)`);
  const warm = Math.min(100, POLLS / 10);
  console.log(`  per poll, wall: ${stats(times.slice(warm))}   target < 5 ms`);
  // CPU time of this process: what a poll costs even when other processes share the cores.
  console.log(`  per poll, CPU:  ${stats(cpu.slice(warm))}   (load average ${loadavg()[0]?.toFixed(1)})`);
  // GC kinds: 1 minor (scavenge), 2 major (mark-compact), 4 incremental marking, 8 weak callbacks
  const kinds = new Map<string, { n: number; ms: number }>();
  for (const e of pauses) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    const name = kind === 1 ? 'minor' : kind === 2 ? 'major' : kind === 4 ? 'incremental' : `kind ${kind}`;
    const k = kinds.get(name) ?? { n: 0, ms: 0 };
    kinds.set(name, { n: k.n + 1, ms: k.ms + e.duration });
  }
  const polls = windows.length;
  const total = pauses.reduce((a, e) => a + e.duration, 0);
  const byKind = [...kinds].map(([name, k]) => `${name} ${k.n} (${k.ms.toFixed(1)} ms)`).join(', ') || 'none';
  console.log(`  GC inside the timed polls: ${pauses.length} pauses in ${polls} polls, ${total.toFixed(1)} ms in all: ${byKind}`);
  const bytes = allocated.slice(warm).sort((a, b) => a - b);
  console.log(`  allocated per poll (heap growth, polls without a GC): p50 ${(pct(bytes, 50) / 1024).toFixed(0)} KB, mean ${(bytes.reduce((a, b) => a + b, 0) / Math.max(1, bytes.length) / 1024).toFixed(0)} KB`);
}

async function webhookBench(): Promise<void> {
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      const at = Date.now();
      const { tickTime } = JSON.parse(body) as { tickTime: number };
      latencies.push(at - (sentAt.get(tickTime) ?? at));
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const store = await openPgliteStore();
  const logger = pino({ level: 'silent' });
  const PER_POLL = 5;
  for (let i = 0; i < PER_POLL; i++) {
    await store.alerts.create({ symbol: 'BENCH', condition: { type: 'price_above', value: 100 + i / 100 }, repeat: 'every', cooldownSeconds: 0, marketHours: 'any', enabled: true, note: null, webhookUrl: url, webhookFormat: 'generic' }, true);
  }
  const deliverer = createDeliverer({ store, logger, now: Date.now, secret: 'bench-secret-0123456789', isLeader: () => true });
  const engine = createAlertEngine({ store, logger, now: Date.now, config: { alerts: { webhookUrl: undefined } }, publisher: { publishAlert: async () => undefined }, deliverer, isLeader: () => true });
  const polls = Math.ceil(FIRINGS / PER_POLL);
  for (let p = 0; p < polls * 2; p++) {
    const time = T0 + p;
    sentAt.set(time, Date.now());
    // odd polls cross every level, even ones come back below (re-arm)
    await engine.onTicks([tick('BENCH', time, p % 2 ? 101 : 99)]);
    await new Promise((r) => setTimeout(r, 20));
  }
  const until = Date.now() + 10_000;
  while (latencies.length < polls * PER_POLL && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  console.log(`tick to webhook: ${latencies.length} firings (${PER_POLL} per poll) on PGlite, local receiver`);
  console.log(`  ${stats(latencies)}   target p99 < 1000 ms`);
  await deliverer.stop();
  await engine.stop();
  await store.close();
  server.close();
}

await evaluationBench();
if (!args['evaluation-only']) await webhookBench();
