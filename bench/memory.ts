// npm run bench:memory [-- --idle 20 --server postgres://postgres@127.0.0.1:5432/tickstream_bench]
//
// Idle memory of the real app (simulated source, the default 8-symbol watchlist, 1 s polls, no
// clients), with the embedded database (PGlite, a fresh DATA_DIR) and, when --server is given,
// against that PostgreSQL server. After --idle seconds of polling it prints RSS and where it goes,
// from the app's own /metrics: V8 heap used/total, external memory (ArrayBuffers: PGlite's WASM
// memory is counted there at its full reserved size), then where the RSS really is, from
// /proc/PID/smaps (bench/support/smaps.ts): node's binary, malloc's heap, the WebAssembly memory's
// resident pages, the other anonymous mappings and libraries. Serves the built
// frontend when `npm run build` has run, as the app does. The app runs with the node flags and
// malloc settings it ships with (the Dockerfile's runtime ENV, bench/support/runtime.ts);
// `--node-flags=` (empty) shows Node's and glibc's defaults instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rssMb, startApp } from './support/app.ts';
import { residentBreakdown } from './support/smaps.ts';
import { mallocEnv, runtimeFlags } from './support/runtime.ts';

const { values: args } = parseArgs({
  options: {
    idle: { type: 'string', default: '20' },
    server: { type: 'string' },
    /** node flags for the app, space-separated: by default those `npm start` and the Docker image use */
    'node-flags': { type: 'string', default: runtimeFlags().join(' ') },
    /** only the PostgreSQL server measurement */
    'server-only': { type: 'boolean', default: false },
  },
});

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) / 2 ** 20 : Number.NaN;
}

async function measure(label: string, env: Record<string, string>, dataDir?: string): Promise<void> {
  const flags = args['node-flags'].split(' ').filter(Boolean);
  const started = performance.now();
  const app = await startApp({ BACKFILL_DAYS: '5', ...env }, flags, dataDir, flags.length === 0);
  const ready = performance.now() - started;
  try {
    // Touch the pages once, as a first visitor would (loads the SvelteKit handler's page code).
    await fetch(`${app.url}/`).catch(() => undefined);
    const firstPage = performance.now();
    await fetch(`${app.url}/symbol/AAPL`).catch(() => undefined);
    const firstChart = performance.now() - firstPage;
    await new Promise((r) => setTimeout(r, Number(args.idle) * 1000));
    const rss = await rssMb(app.child.pid as number);
    const heapUsed = await metric(app.url, 'tickstream_nodejs_heap_size_used_bytes');
    const heapTotal = await metric(app.url, 'tickstream_nodejs_heap_size_total_bytes');
    const external = await metric(app.url, 'tickstream_nodejs_external_memory_bytes');
    const where = await residentBreakdown(app.child.pid as number);
    const f = (n: number) => `${n.toFixed(0)} MB`;
    console.log(
      [
        `${label}: idle RSS ${f(rss)} (V8 heap used ${f(heapUsed)} of ${f(heapTotal)}, external/ArrayBuffers ${f(external)})`,
        `  answering after ${(ready / 1000).toFixed(1)} s; the first /symbol/AAPL (a history read, drawn) took ${firstChart.toFixed(0)} ms`,
        `  resident: node binary ${f(where.binary)}, malloc heap ${f(where.mallocHeap)}, WebAssembly memory ${f(where.wasmMemory)}, other anonymous (V8 heap, arenas) ${f(where.otherAnonymous)}, libraries ${f(where.otherFiles)}`,
      ].join('\n'),
    );
  } finally {
    await app.stop();
  }
}

// The embedded database twice: its first start (initdb, 5-day backfill), then a restart on the same
// data, which is what a running installation looks like.
console.log(`node flags: ${args['node-flags'] || "(none), glibc's default malloc"}`);
if (args['node-flags']) console.log(`malloc: ${Object.entries(mallocEnv()).map(([k, v]) => `${k}=${v}`).join(' ') || 'glibc defaults'}`);
const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-memory-'));
try {
  if (!args['server-only']) {
    await measure('embedded PGlite, first start', {}, dataDir);
    await measure('embedded PGlite, restart', {}, dataDir);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
if (args.server) await measure('PostgreSQL server', { DATABASE_URL: args.server });
