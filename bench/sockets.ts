// npm run bench:sockets [-- --clients 19000 --deflate off,on --settle 10]
//
// Idle WebSocket clients on the real app (node backend/src/main.ts, simulated source, 1 s polls,
// the default watchlist, embedded database, no backfill), with WS_DEFLATE off and on. This process is the load
// generator (bench/fanout/load.ts: raw sockets from 127.0.0.2-51, each subscribed to the watchlist;
// with deflate on they offer permessage-deflate as browsers do). Per mode it prints the app's idle
// RSS, its RSS with every client connected and subscribed (after --settle seconds), the RSS per
// connection and the projection to 50,000 clients (idle + 50k x per connection), /api/health's
// latency while they are connected (200 requests, 100 ms apart, from a worker thread), and whether
// the next poll's tick frame reached every client.
// One process may hold --clients + ~100 open files: the hard limit here is 20,000, hence 19,000.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { openLoad } from './fanout/load.ts';
import { rssMb, startApp } from './support/app.ts';
import { runtimeFlags } from './support/runtime.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '19000' },
    deflate: { type: 'string', default: 'off,on' },
    settle: { type: 'string', default: '10' },
  },
});
const clients = Number(args.clients);
const settleMs = Number(args.settle) * 1000;
const WATCHLIST = ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'TSLA', 'BTC-USD', 'ETH-USD'];
const PROJECTED = 50_000;

const openFiles = Number(execFileSync('/bin/sh', ['-c', 'ulimit -n']).toString().trim());
if (openFiles < clients + 100) {
  process.stderr.write(`Need ${clients + 100} open files per process, have ${openFiles}: run \`ulimit -n ${clients + 100}\` first, or pass a smaller --clients.\n`);
  process.exit(1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

// Timed from a worker thread: this thread reads every client's frames, and a response waiting behind
// 19,000 of those reads would be the generator's delay, not the app's. The worker's first request is
// not counted: it loads and compiles the worker's HTTP client, 60-90 ms against an idle server that
// answers in 2-4 ms (it was the maximum this bench printed until then).
const HEALTH_PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  await (await fetch(workerData.url + '/api/health')).arrayBuffer();
  const ms = [];
  for (let i = 0; i < workerData.samples; i++) {
    const t0 = performance.now();
    const res = await fetch(workerData.url + '/api/health');
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, workerData.gapMs));
  }
  parentPort.postMessage(ms);
})();`;

async function healthLatency(url: string, samples = 200, gapMs = 100): Promise<number[]> {
  const worker = new Worker(HEALTH_PROBE, { eval: true, workerData: { url, samples, gapMs } });
  const [ms] = (await once(worker, 'message')) as [number[]];
  await worker.terminate();
  return ms.sort((a, b) => a - b);
}

/** Waits for every client to get a frame after now (the next poll's ticks); how many did, and when. */
async function nextTickReach(frames: () => Uint32Array, timeoutMs: number): Promise<{ reached: number; ms: number }> {
  const before = frames().slice();
  const t0 = performance.now();
  let reached = 0;
  while (performance.now() - t0 < timeoutMs) {
    const now = frames();
    reached = 0;
    for (let i = 0; i < now.length; i++) if ((now[i] as number) > (before[i] as number)) reached++;
    if (reached === now.length) break;
    await sleep(50);
  }
  return { reached, ms: performance.now() - t0 };
}

async function measure(deflate: boolean): Promise<void> {
  const app = await startApp({ WS_DEFLATE: String(deflate), WS_MAX_CONNECTIONS_PER_IP: '1000000', BACKFILL_DAYS: '0' }, runtimeFlags());
  try {
    const pid = app.child.pid as number;
    await sleep(settleMs);
    const idle = await rssMb(pid);
    const t0 = performance.now();
    const load = await openLoad(app.port, clients, WATCHLIST, 1, { deflate });
    const connectMs = performance.now() - t0;
    await sleep(settleMs);
    const loaded = await rssMb(pid);
    const health = await healthLatency(app.url);
    const tick = await nextTickReach(() => load.frames(), 15_000);
    const perConnKb = ((loaded - idle) * 1024) / clients;
    const projected = idle + (PROJECTED * perConnKb) / 1024;
    const f = (n: number) => n.toFixed(1);
    console.log(
      [
        `WS_DEFLATE=${deflate} (${deflate ? 'clients offer permessage-deflate' : 'plain frames'}), ${clients} clients connected and subscribed in ${(connectMs / 1000).toFixed(1)} s, ${load.closed()} closed:`,
        `  app RSS idle ${f(idle)} MB, with ${clients} clients ${f(loaded)} MB: ${f(perConnKb)} KB per connection`,
        `  projected at ${PROJECTED} clients: ${f(idle)} + ${PROJECTED} x ${f(perConnKb)} KB = ${f(projected)} MB (${projected < 1024 ? 'under' : 'OVER'} 1 GB)`,
        `  /api/health while connected: p50 ${f(pct(health, 50))} ms, p99 ${f(pct(health, 99))} ms, max ${f(health.at(-1) as number)} ms (${health.length} requests)`,
        `  next tick frame reached ${tick.reached} of ${clients} clients in ${f(tick.ms)} ms`,
      ].join('\n'),
    );
    await load.close();
  } finally {
    await app.stop();
  }
}

console.log(`bench:sockets: ${clients} idle clients per mode; loadavg ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const mode of args.deflate.split(',')) await measure(mode === 'on');
console.log(`loadavg ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
