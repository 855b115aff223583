/// <reference lib="dom" />
// npm run bench:page [-- --runs 20 --pages /symbol/AAPL,/symbol/AAPL?range=1y,/ --no-floor --omnibox-ui]
// (needs `npm run build` first)
//
// Cold page loads in Chromium (CHROMIUM_PATH, default /usr/bin/chromium) against the real app on the
// simulated source: every navigation in a new browser context (empty cache, new connection), with
// Chromium's per-window omnibox WebUI off unless --omnibox-ui (support/chromium.ts). Prints
// p50/p95 per page, all in ms from navigation start, of:
//   TTFB               the page response's first byte
//   DOMContentLoaded   the shell parsed
//   history response   the chart's history arriving: the first /api/history responseEnd, or the page
//                      response's end when the server put the history in the page (no request then);
//                      on / the first sparkline's
//   JS loaded          the last script's responseEnd
//   first candle       candles on screen: the paint time (Element Timing `renderTime`) of the candles
//                      the server drew into the page (lib/chart/static-chart.ts); when a page has no
//                      such drawing, the live chart's mark below. On / the first quote card with a price.
//   live chart ready   the chart follows the live feed: its first drawing of the feed's bars
//                      (lib/chart/drawing.ts; lightweight-charts only loads when the chart is reached
//                      for), the `tickstream:first-candle` mark, set in the animation frame after it
//   live price         the first live price shown in the page header (a [data-price] element)
// and, for a chart page, the server's CPU per response of it (serverCpu below)
// then the /api/history requests a load made and the JS each page loads, gzip-compressed.
// First it prints the browser's floor on this machine: the same cold loads and the same measure of a
// static page holding nothing but the app's drawn candles (the <img> of /symbol/AAPL's response),
// bare and with the app page's response headers (see floor()). A new browser context starts a new
// renderer process, which takes a good part of the time on a small machine; the app's share of a
// first candle is what it adds above that floor.
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { cpuMs, settled, startApp, type RunningApp } from './support/app.ts';
import { launchChromium } from './support/chromium.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    // the 1D default (1m bars) and the 1Y range (daily bars), then the watchlist
    pages: { type: 'string', default: '/symbol/AAPL,/symbol/AAPL?range=1y,/' },
    'no-floor': { type: 'boolean', default: false },
    // Chromium's omnibox WebUI loaded in every new context, as it does by default (support/chromium.ts)
    'omnibox-ui': { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const pages = args.pages.split(',');

interface Sample {
  ttfb: number;
  dcl: number;
  history: number;
  js: number;
  first: number;
  live: number;
  price: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

// Runs in the page before its scripts: records when the app shows its first price (the watchlist's
// cards, the symbol page's live price; not while the server's drawing still hides the app) and when
// the server-drawn candles and prices were painted (Element Timing).
const observeFirstPaints = () => {
  const w = window as unknown as { __firstPrice?: number; __drawnCandles?: number; __drawnPrices?: number };
  const check = () => {
    if (w.__firstPrice === undefined && document.querySelector('[data-price]') && !document.querySelector('[data-static-watchlist]')) {
      w.__firstPrice = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[]) {
      if (e.identifier === 'static-candles' && w.__drawnCandles === undefined) w.__drawnCandles = e.renderTime;
      if (e.identifier === 'static-prices' && w.__drawnPrices === undefined) w.__drawnPrices = e.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
};

/** `runs` + 1 cold loads of `url` (the first one not counted): TTFB and the drawn candles' paint. */
async function floorLoads(browser: Browser, url: string): Promise<{ ttfb: number[]; first: number[] }> {
  const out = { ttfb: [] as number[], first: [] as number[] };
  for (let i = 0; i < runs + 1; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(observeFirstPaints);
    await page.goto(url, { waitUntil: 'load' });
    const drawn = await page.waitForFunction(() => (window as unknown as { __drawnCandles?: number }).__drawnCandles, null, { timeout: 30_000 });
    const ttfb = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart);
    if (i > 0) {
      out.first.push(Number(await drawn.jsonValue()));
      out.ttfb.push(ttfb);
    }
    await context.close();
  }
  return out;
}

/**
 * The drawn candles of the first chart page alone, on a page served as a static file: bare, then with
 * the page's own response headers. Its opener policy (`Cross-Origin-Opener-Policy: same-origin`, a
 * security header: no other site's window keeps a handle on the app's) makes Chromium put the page in
 * a new browsing context group, which a new context's first navigation pays for with a new renderer
 * process after the response (a navigation from another site starts a new process anyway).
 */
async function floor(browser: Browser, appUrl: string): Promise<void> {
  const path = pages.find((p) => p.startsWith('/symbol/')) ?? '/symbol/AAPL';
  const res = await fetch(appUrl + path);
  const html = await res.text();
  const img = /<img class="static-chart-bars"[^>]*>/.exec(html)?.[0];
  if (!img) throw new Error(`no drawn candles in ${path}'s response`);
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head><body>${img.replace('<img', '<img width="900" height="420"')}</body></html>`;
  const pageHeaders = Object.fromEntries([...res.headers].filter(([k]) => !/^(content-(length|encoding|type)|etag|transfer-encoding|date|connection|keep-alive|vary)$/i.test(k)));
  let withHeaders = false;
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(withHeaders ? pageHeaders : {}) }).end(body),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as { port: number };
    const bare = await floorLoads(browser, `http://127.0.0.1:${port}/`);
    withHeaders = true;
    const headed = await floorLoads(browser, `http://127.0.0.1:${port}/`);
    const row = (name: string, xs: number[]) => `  ${name.padEnd(22)} p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms   p95 ${pct(xs, 95).toFixed(0).padStart(5)} ms`;
    console.log(`floor: ${path}'s drawn candles alone on a static page (${(Buffer.byteLength(body) / 1024).toFixed(1)} KB), ${runs} cold navigations`);
    console.log(row('TTFB', bare.ttfb));
    console.log(row('first candle', bare.first));
    console.log(row("  with page's headers", headed.first));
  } finally {
    await new Promise((r) => server.close(r));
  }
}

/**
 * The app's CPU per response of `path`: `n` requests in a row (brotli accepted, as a browser does),
 * less what the idle app (its poller) uses in as long: the server's share of a page load, which on a
 * small machine competes with the browser's own start-up work.
 */
async function serverCpu(app: RunningApp, path: string, n = 200): Promise<void> {
  const pid = app.child.pid ?? 0;
  const idleFrom = [performance.now(), await cpuMs(pid)] as const;
  await new Promise((r) => setTimeout(r, 5000));
  const idleRate = ((await cpuMs(pid)) - idleFrom[1]) / (performance.now() - idleFrom[0]);
  const walls: number[] = [];
  const from = [performance.now(), await cpuMs(pid)] as const;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await (await fetch(app.url + path, { headers: { 'accept-encoding': 'br' } })).arrayBuffer();
    walls.push(performance.now() - t);
  }
  const busy = (await cpuMs(pid)) - from[1] - idleRate * (performance.now() - from[0]);
  console.log(`  server: ${(busy / n).toFixed(1)} ms of CPU per response (${n} in a row, less the idle app's), answered in p50 ${pct(walls, 50).toFixed(1)} ms`);
}

const app = await startApp();
const browser = await launchChromium({ withOmniboxUi: args['omnibox-ui'] });
console.log(`Chromium ${browser.version()}, ${args['omnibox-ui'] ? "with its omnibox WebUI loaded in every new context (its default)" : 'its omnibox WebUI off (--omnibox-ui loads it in every new context, as Chromium does by default)'}`);
try {
  // As on a server that has been running: start-up work done, a few polls stored.
  await settled(app);
  await new Promise((r) => setTimeout(r, 3000));
  if (!args['no-floor']) await floor(browser, app.url);
  for (const path of pages) {
    const chart = path.startsWith('/symbol/');
    const samples: Sample[] = [];
    let scripts: string[] = [];
    let historyRequests = 0;
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(observeFirstPaints);
      await page.goto(app.url + path, { waitUntil: 'domcontentloaded' });
      const [live, price] = await Promise.all([
        chart
          ? page.waitForFunction(() => performance.getEntriesByName('tickstream:first-candle')[0]?.startTime, null, { timeout: 30_000 })
          : null,
        page.waitForFunction(() => (window as unknown as { __firstPrice?: number }).__firstPrice, null, { timeout: 30_000 }),
      ]);
      const liveMs = live ? Number(await live.jsonValue()) : Number.NaN;
      const priceMs = Number(await price.jsonValue());
      const drawnMs = await page.evaluate(() => {
        const w = window as unknown as { __drawnCandles?: number; __drawnPrices?: number };
        return w.__drawnCandles ?? w.__drawnPrices ?? null;
      });
      const firstMs = chart ? (drawnMs ?? liveMs) : Math.min(drawnMs ?? Infinity, priceMs);
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const histories = res.filter((r) => r.name.includes('/api/history'));
        const history = histories[0];
        const js = res.filter((r) => r.name.endsWith('.js'));
        return {
          ttfb: nav.responseStart,
          dcl: nav.domContentLoadedEventEnd,
          history: history ? history.responseEnd : nav.responseEnd,
          js: Math.max(...js.map((r) => r.responseEnd)),
          scripts: js.map((r) => r.name),
          historyRequests: histories.length,
        };
      });
      scripts = t.scripts;
      historyRequests = Math.max(historyRequests, t.historyRequests);
      // The first load warms the server (JIT, first SvelteKit render): not counted.
      if (i > 0) samples.push({ ttfb: t.ttfb, dcl: t.dcl, history: t.history, js: t.js, first: firstMs, live: liveMs, price: priceMs });
      await context.close();
    }
    let gzip = 0;
    let raw = 0;
    for (const s of scripts) {
      const body = Buffer.from(await (await fetch(s)).arrayBuffer());
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
    }
    const row = (name: string, key: keyof Sample) =>
      `  ${name.padEnd(22)} p50 ${pct(samples.map((s) => s[key]), 50).toFixed(0).padStart(5)} ms   p95 ${pct(samples.map((s) => s[key]), 95).toFixed(0).padStart(5)} ms`;
    console.log(`${path}: ${runs} cold navigations`);
    console.log(row('TTFB', 'ttfb'));
    console.log(row('DOMContentLoaded', 'dcl'));
    console.log(row('history response', 'history'));
    console.log(row('JS loaded', 'js'));
    console.log(row(chart ? 'first candle' : 'first price', 'first'));
    if (!chart) console.log(row('live price', 'price'));
    if (chart) {
      console.log(row('live chart ready', 'live'));
      console.log(row('live price', 'price'));
      console.log(`  /api/history requests per load: ${historyRequests} (0: the history came in the page)`);
      await serverCpu(app, path);
    }
    console.log(`  JS: ${scripts.length} files, ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip`);
  }
} finally {
  await browser.close();
  await app.stop();
}
