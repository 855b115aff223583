/// <reference lib="dom" />
// npm run bench:main-thread [-- --pages /symbol/AAPL,/,/portfolio --runs 5 --cpu 4 --seconds 6 --live 10]   (needs `npm run build`)
//
// Where a phone's main thread goes on a cold load: the long tasks behind Lighthouse's total blocking
// time (#19), named. Each run is a new browser context at a phone's size (412x823 at 1.75x, as
// Lighthouse's mobile preset), the CPU slowed `--cpu` times by Chromium itself, traced for
// `--seconds` after navigation. For every task of 50 ms or more after the first contentful paint,
// the trace tells what ran inside it: script by the chunk it came from (the Vite manifest's name:
// chart-lib, vendor, the route's own node, ...), style, layout, paint, HTML parsing, garbage
// collection. Per page it prints the medians over the runs of: blocking time (the part of each such
// task over 50 ms, the sum), the count of long tasks, and the time each kind of work spent inside
// them, largest first ("other": the browser's own work no traced event covers). Unlike Lighthouse's
// simulated throttling the CPU here is really slowed and tracing adds its own cost, so figures move
// with the machine: compare runs made on the same one, before and after a change.
// Then, still at that CPU, it counts the long tasks of the next `--live` seconds (0: skip), while
// live ticks arrive (one a second on the simulated source): what each update costs a phone.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from '../e2e/support/server.ts';
import { settled, startApp } from './support/app.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '/symbol/AAPL,/,/portfolio' },
    runs: { type: 'string', default: '5' },
    cpu: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '6' },
    live: { type: 'string', default: '10' },
  },
});
const runs = Number(args.runs);

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string } };
}

/**
 * Chunk file -> what it holds, from the build's manifest: the chunk's name (chart-lib, vendor, app,
 * CandleChart, ...), or for a route's node the component it exports (routes/symbol/[symbol]/+page.svelte).
 */
function chunkNames(): Map<string, string> {
  const kit = join(ROOT, 'frontend/.svelte-kit');
  const manifest = JSON.parse(readFileSync(join(kit, 'output/client/.vite/manifest.json'), 'utf8')) as Record<string, { file: string; name?: string; src?: string }>;
  const nameOf = (m: { file: string; name?: string; src?: string }) => {
    if (m.src && /\/nodes\/\d+\.js$/.test(m.src)) {
      const route = /component } from "[./]*src\/(routes\/[^"]+)"/.exec(readFileSync(join(kit, m.src.replace(/^\.svelte-kit\//, '')), 'utf8'));
      if (route) return route[1]!;
    }
    return m.name ?? m.file;
  };
  return new Map(Object.values(manifest).map((m) => [m.file.replace(/.*\//, ''), nameOf(m)]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** What a task's child event is, or null for events that only wrap others. */
function kindOf(e: TraceEvent, names: Map<string, string>): string | null {
  const script = (url: string | undefined) => {
    const file = (url ?? '').replace(/[?#].*$/, '').replace(/.*\//, '');
    return `script: ${names.get(file) ?? (file.endsWith('.js') ? file : 'the page (inline)')}`;
  };
  switch (e.name) {
    case 'FunctionCall':
    case 'EvaluateScript':
      return script(e.args?.data?.url);
    case 'v8.evaluateModule':
      // no URL in the trace: the top-level code of a module graph (zod schemas, chart library set-up, ...)
      return 'script: module evaluation';
    case 'RunMicrotasks':
      return 'script: promise callbacks (Svelte renders here)';
    case 'UpdateLayoutTree':
      return 'style';
    case 'Layout':
      return 'layout';
    case 'Paint':
    case 'PrePaint':
    case 'Layerize':
      return 'paint';
    case 'ParseHTML':
      return 'parse HTML';
    case 'MinorGC':
    case 'MajorGC':
      return 'garbage collection';
    default:
      return null;
  }
}

/**
 * Long tasks after FCP on the page's main thread, each with its time by kind of work: every traced
 * event inside the task counts its own time (its duration less that of the events inside it), and
 * what no event covers is the browser's own ("other").
 */
function longTasks(events: TraceEvent[], names: Map<string, string>): { dur: number; kinds: Map<string, number> }[] {
  // The traced page is the only one painting: its renderer is the one reporting a first contentful paint.
  const fcp = events.find((e) => e.name === 'firstContentfulPaint');
  const main = events.find((e) => e.pid === fcp?.pid && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!fcp || !main) throw new Error('no first contentful paint or no page main thread in the trace');
  const pid = fcp.pid;
  const onMain = events.filter((e) => e.pid === pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // A task is the scheduler's RunTask (named ThreadControllerImpl::RunTask in the 'toplevel' category).
  let lastEnd = 0;
  const tasks = onMain.filter((e) => {
    if (!/(^|::)RunTask$/.test(e.name) || e.ts < lastEnd) return false; // nested in the task before
    lastEnd = e.ts + e.dur!;
    return true;
  });
  return tasks
    .filter((t) => t.ts >= fcp.ts && t.dur! >= 50_000)
    .map((t) => {
      const kinds = new Map<string, number>();
      const add = (kind: string, us: number) => kinds.set(kind, (kinds.get(kind) ?? 0) + us / 1000);
      const stack: { kind: string; end: number }[] = [{ kind: 'other', end: t.ts + t.dur! }];
      let cursor = t.ts;
      // Walk the events in time order; the time between two boundaries belongs to the innermost open event.
      const close = (until: number) => {
        while (stack.length > 1 && stack.at(-1)!.end <= until) {
          const top = stack.pop()!;
          add(top.kind, top.end - cursor);
          cursor = top.end;
        }
      };
      for (const e of onMain) {
        if (e === t || e.ts < t.ts || e.ts + e.dur! > t.ts + t.dur!) continue;
        const kind = kindOf(e, names);
        if (!kind) continue;
        close(e.ts);
        add(stack.at(-1)!.kind, e.ts - cursor);
        cursor = e.ts;
        stack.push({ kind, end: e.ts + e.dur! });
      }
      close(t.ts + t.dur!);
      add('other', t.ts + t.dur! - cursor);
      return { dur: t.dur! / 1000, kinds };
    });
}

/** The durations (ms) of the long tasks the page reports over the next `seconds` (the Long Tasks API). */
async function liveLongTasks(page: Page, seconds: number): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

const names = chunkNames();
const app = await startApp();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const tracePath = join(tmpdir(), `tickstream-main-thread-${process.pid}.json`);
try {
  await settled(app); // start-up work done, as on a running server
  await new Promise((r) => setTimeout(r, 3000)); // a few polls stored
  for (const path of args.pages.split(',')) {
    const blocking: number[] = [];
    const counts: number[] = [];
    const byKind = new Map<string, number[]>();
    const liveCounts: number[] = [];
    const liveBlocking: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(args.cpu) });
      // The first load warms the server (JIT, first SvelteKit render): not counted.
      if (i > 0) await browser.startTracing(page, { path: tracePath, categories: ['toplevel', 'devtools.timeline', 'loading', 'v8.execute'] });
      await page.goto(app.url + path, { waitUntil: 'domcontentloaded' });
      await new Promise((r) => setTimeout(r, Number(args.seconds) * 1000));
      if (i > 0) {
        await browser.stopTracing();
        const tasks = longTasks((JSON.parse(readFileSync(tracePath, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents, names);
        blocking.push(tasks.reduce((s, t) => s + t.dur - 50, 0));
        counts.push(tasks.length);
        const sums = new Map<string, number>();
        for (const t of tasks) for (const [k, v] of t.kinds) sums.set(k, (sums.get(k) ?? 0) + v);
        for (const k of new Set([...byKind.keys(), ...sums.keys()])) byKind.set(k, [...(byKind.get(k) ?? Array<number>(i - 1).fill(0)), sums.get(k) ?? 0]);
        if (Number(args.live) > 0) {
          const during = await liveLongTasks(page, Number(args.live));
          liveCounts.push(during.length);
          liveBlocking.push(during.reduce((sum, d) => sum + d - 50, 0));
        }
      }
      await context.close();
    }
    console.log(`${path}: ${runs} cold loads, CPU ${args.cpu}x slower, phone viewport`);
    console.log(`  blocking time after FCP   median ${median(blocking).toFixed(0).padStart(5)} ms   (${blocking.map((b) => b.toFixed(0)).join(', ')})`);
    console.log(`  long tasks (>= 50 ms)     median ${median(counts).toFixed(0).padStart(5)}`);
    if (liveCounts.length > 0) {
      console.log(`  then ${args.live} s of live ticks: long tasks median ${median(liveCounts).toFixed(0).padStart(3)}, blocking median ${median(liveBlocking).toFixed(0)} ms`);
    }
    console.log("  inside the load's long tasks, median per load:");
    for (const [kind, xs] of [...byKind].sort((a, b) => median(b[1]) - median(a[1]))) {
      if (median(xs) >= 5) console.log(`    ${median(xs).toFixed(0).padStart(5)} ms  ${kind}`);
    }
  }
} finally {
  rmSync(tracePath, { force: true });
  await browser.close();
  await app.stop();
}
