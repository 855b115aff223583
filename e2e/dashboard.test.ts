// The dashboard in a real browser against the real server (simulated source, 2 s polls).
// `UPDATE_DOCS_SCREENSHOTS=1` also writes the README's screenshots (docs/): the watchlist, AAPL on 1m,
// the 1Y charts with indicators and with a comparison, and the watchlist and a chart on a phone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { Candle } from '@tickstream/shared';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { cspViolations, launchBrowser, newContext } from './support/browser.ts';
import { contractAnswersChecked, contractFetch, contractFramesChecked, takeContractViolations } from './support/contract.ts';
import { ROOT, requireFrontendBuild, startServer, waitFor, type TestServer } from './support/server.ts';
import {
  chartBars,
  chartInterval,
  connectionState,
  firstCandleMs,
  historyLoads,
  screenshot,
  shippedJs,
  visibleState,
} from './support/app.ts';

/** With UPDATE_DOCS_SCREENSHOTS=1, a screenshot becomes the README's docs/<name>. */
const toDocs = (shot: string, name: string) => {
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(shot, join(ROOT, 'docs', name));
};
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'BTC-USD'];

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

async function serverBars(symbol: string, interval = '1m'): Promise<Candle[]> {
  const res = await contractFetch(`${server.url}/api/history?symbol=${symbol}&interval=${interval}`);
  const body = (await res.json()) as { candles?: Candle[] };
  return body.candles ?? [];
}

beforeAll(async () => {
  requireFrontendBuild();
  [server, browser] = await Promise.all([startServer({ env: { WATCHLIST: WATCHLIST.join(',') } }), launchBrowser()]);
  // The first polls (and backfill) must have written something before a chart can show it.
  await waitFor('history for AAPL', async () => (await serverBars('AAPL')).length > 0, 90_000, 500);
  context = await newContext(browser, { timezoneId: 'America/New_York' });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

// Every /api and /metrics answer the pages got in this test is one /api/openapi.json documents.
afterEach(async () => {
  expect(await takeContractViolations()).toEqual([]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

describe('dashboard in chromium', () => {
  it('shows a card with a price for every watchlist symbol', async () => {
    await page.goto(`${server.url}/`);
    const cards = page.getByTestId('quote-card');
    await waitFor('a card per symbol', async () => (await cards.count()) === WATCHLIST.length, 20_000);
    expect(new Set(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol'))))).toEqual(
      new Set(WATCHLIST),
    );
    await waitFor('a price on every card', async () => (await page.locator('[data-testid=quote-card] [data-price]').count()) === WATCHLIST.length, 20_000);
    await waitFor('a sparkline on every card', async () => (await page.locator('[data-testid=quote-card] svg path').count()) === WATCHLIST.length, 20_000);
    toDocs(await screenshot(page, '01-watchlist'), 'screenshot.png');
    const js = await shippedJs(page);
    console.log(`JS loaded by the watchlist: ${js.files} files, ${kb(js.gzip)} KB gzip (${kb(js.raw)} KB raw)`);
  });

  it('draws the list\'s cards with their prices in the page response, and hands them to the app in place', async () => {
    const fresh = await newContext(browser, { timezoneId: 'America/New_York' });
    try {
      const cold = await fresh.newPage();
      cold.on('pageerror', (err) => pageErrors.push(err.message));
      const apiRequests: string[] = [];
      cold.on('request', (r) => {
        if (r.url().includes('/api/')) apiRequests.push(new URL(r.url()).pathname);
      });
      await cold.addInitScript(`
        window.__paints = { prices: null, shift: 0 };
        new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.identifier === 'static-prices') window.__paints.prices ??= e.renderTime; }).observe({ type: 'element', buffered: true });
        new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__paints.shift += e.value; }).observe({ type: 'layout-shift', buffered: true });
      `);
      const html = (await (await cold.goto(`${server.url}/`))?.text()) ?? '';
      // the response draws a card per symbol with its price, and carries the quotes and lists as data
      expect(html).toContain('data-static-watchlist');
      expect(html.match(/class="quote-card-price num" data-price="\d/g)).toHaveLength(WATCHLIST.length);
      expect(html).toContain('<script type="application/json" id="tickstream-inline">');
      expect(html).not.toContain('rel="preload"');
      // the app takes them over once its own cards show those prices, without reading the quotes again
      // (the lists it reads again once live, in case one changed before its socket was: lib/watchlists/live.ts)
      await waitFor('the live cards', async () => (await cold.locator('[data-static-page]').count()) === 0, 20_000);
      expect(await cold.locator('[data-testid=quote-card] [data-price]').count()).toBe(WATCHLIST.length);
      const paints = await cold.evaluate(() => (window as unknown as { __paints: { prices: number | null; shift: number } }).__paints);
      expect(paints.prices).toBeGreaterThan(0);
      expect(paints.shift).toBeLessThan(0.01);
      expect(apiRequests).not.toContain('/api/quotes');
      console.log(`watchlist prices painted from the page response at ${paints.prices?.toFixed(0)} ms, layout shift ${paints.shift.toFixed(4)}`);
    } finally {
      await fresh.close();
    }
  });

  it('opens a symbol page with candles and says how fast the first one was painted', async () => {
    await page.getByTestId('quote-card').filter({ hasText: 'AAPL' }).click();
    await page.waitForURL(/\/symbol\/AAPL$/);
    await waitFor('candles on the chart', async () => (await chartBars(page)).length > 0, 20_000);
    // Cold navigation in a fresh context: the figure the issue asks for.
    const fresh = await newContext(browser, { timezoneId: 'America/New_York' });
    const cold = await fresh.newPage();
    cold.on('pageerror', (err) => pageErrors.push(err.message));
    const historyRequests: string[] = [];
    const apiRequests: string[] = [];
    cold.on('request', (r) => {
      if (r.url().includes('/api/history')) historyRequests.push(r.url());
      if (r.url().includes('/api/')) apiRequests.push(new URL(r.url()).pathname + new URL(r.url()).search);
    });
    // The server's drawing of the first candles (paint time, by Element Timing) and any layout shift.
    await cold.addInitScript(`
      window.__paints = { drawn: null, shift: 0 };
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.identifier === 'static-candles') window.__paints.drawn ??= e.renderTime; }).observe({ type: 'element', buffered: true });
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__paints.shift += e.value; }).observe({ type: 'layout-shift', buffered: true });
    `);
    const html = await (await cold.goto(`${server.url}/symbol/AAPL`))?.text();
    // the page response itself draws the candles and carries them as data (no history request)
    expect(html).toContain('elementtiming="static-candles"');
    expect(html).toContain('<script type="application/json" id="tickstream-inline">');
    // and starts the app once they are painted: SvelteKit's preloads, the layout's API reads and the
    // entry import moved after the wait (lib/chart/start-after-drawing.ts matched this SvelteKit's shell)
    expect(html).not.toContain('rel="modulepreload"');
    expect(html).not.toContain('rel="preload"');
    expect(html).toMatch(/add\('modulepreload', href\); \}\)\.then\(\(\) => import\("[^"]*\/entry\/start\.[^"]*\.js"\)\)/);
    const ms = await waitFor('first candle painted', () => firstCandleMs(cold), 20_000);
    const bars = await chartBars(cold);
    const js = await shippedJs(cold);
    // Until the reader reaches for it, the chart is the server's drawing kept live, in the chart's
    // box: the chart library is neither loaded nor run (no canvas).
    const chart = cold.getByTestId('chart');
    expect(await chart.getAttribute('data-mode')).toBe('drawing');
    expect(await cold.locator('[data-static-page]').count()).toBe(0);
    expect(await cold.locator('.wrap [data-static-chart] .static-chart-times text').count()).toBeGreaterThan(0);
    expect(await cold.locator('[data-testid=chart] canvas').count()).toBe(0);
    // the drawing is live: a tick moves its last price
    const drawnPrice = () => cold.locator('.wrap [data-static-chart] .static-chart-scale .last text').textContent();
    const firstPrice = await drawnPrice();
    await waitFor('the drawing following a tick', async () => (await drawnPrice()) !== firstPrice, 15_000);
    // A pointer on it loads the interactive chart, which takes the drawing's place once it has painted.
    // If its script cannot be fetched (offline, a deploy replaced it), the live drawing stays and the
    // next pointer tries again.
    const box = (await chart.boundingBox())!;
    const refuse = (route: Route) => route.abort();
    await cold.route('**/_app/immutable/**', refuse);
    const failed = cold.waitForEvent('requestfailed', { timeout: 10_000 });
    await cold.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await failed;
    await waitFor('the drawing kept after a failed load', async () => (await chart.getAttribute('data-mode')) === 'drawing' && (await cold.locator('[data-static-chart]').count()) === 1, 10_000);
    await cold.unroute('**/_app/immutable/**', refuse);
    await cold.mouse.move(1, 1);
    await cold.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await waitFor('the interactive chart', async () => (await chart.getAttribute('data-mode')) === 'interactive', 10_000);
    expect(await cold.locator('[data-static-chart]').count()).toBe(0);
    expect(await cold.locator('[data-testid=chart] canvas').count()).toBeGreaterThan(0);
    expect((await shippedJs(cold)).files).toBeGreaterThan(js.files);
    const paints = (await cold.evaluate('window.__paints')) as { drawn: number | null; shift: number };
    expect(paints.drawn).not.toBeNull();
    expect(paints.shift).toBeLessThan(0.05);
    expect(historyRequests).toEqual([]);
    // the layout's first reads start with the app's modules (preloaded by the bootstrap), and the
    // page's own fetch of each takes that answer: one request each while the JavaScript starts. The
    // lists are read once more when the live connection is up (a change made before that reached no
    // socket of the page: lib/watchlists/live.ts), and only then.
    const count = (read: string) => apiRequests.filter((r) => r === read).length;
    await waitFor('the lists read again once live', () => count('/api/watchlists') === 2, 15_000);
    for (const read of ['/api/quotes', '/api/watchlists', '/api/alerts/events?limit=100']) {
      expect(html).toContain(JSON.stringify(read));
      expect(count(read)).toBe(read === '/api/watchlists' ? 2 : 1);
    }
    await fresh.close();
    console.log(`time from navigation to the drawn candles painted: ${paints.drawn?.toFixed(0)} ms, live chart ${ms.toFixed(0)} ms (${bars.length} bars, cold cache)`);
    console.log(`JS loaded by /symbol/AAPL: ${js.files} files, ${kb(js.gzip)} KB gzip (${kb(js.raw)} KB raw)`);
    expect(bars.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
    toDocs(await screenshot(page, '02-symbol-aapl-1m'), 'screenshot-symbol.png');
  });

  it('visibly moves the last candle or the price within a few polls', async () => {
    const before = await visibleState(page);
    const after = await waitFor('the chart or price to change', async () => {
      const now = await visibleState(page);
      return now !== before ? now : undefined;
    }, 15_000);
    expect(after).not.toBe(before);
  });

  it('switches to 5m and keeps live updates flowing into it', async () => {
    // On 5D, not 1D: just after midnight UTC the simulated (always-open) 1D has too few minutes to offer 5m.
    await page.goto(`${server.url}/symbol/AAPL?range=5d&interval=15m`);
    await waitFor('15m bars', async () => (await chartInterval(page)) === '15m' && (await chartBars(page)).length > 0, 20_000);
    await page.locator('a[data-interval="5m"]').click();
    await page.waitForURL(/\?range=5d$/); // 5m is 5D's own interval
    await waitFor('5m bars', async () => (await chartInterval(page)) === '5m' && (await chartBars(page)).length > 0, 20_000);
    const bars = await chartBars(page);
    expect(bars.every((b) => b.time % 300 === 0)).toBe(true);
    const before = await visibleState(page);
    await waitFor('a live change at 5m', async () => (await visibleState(page)) !== before, 15_000);
    await screenshot(page, '03-symbol-aapl-5m');
    // Dragging back in time offers a way back to the latest bar. Zoomed in first: the chart opens on
    // all of 5D and cannot be dragged before its first bar.
    const box = (await page.getByTestId('chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height * 0.4, { steps: 8 });
    await page.mouse.up();
    // A page too busy to draw for longer than the chart library's 400 ms scroll animation (a slow
    // phone) must still land on the latest bar: the click is followed by 600 ms of work.
    await page.evaluate(() => document.addEventListener('click', () => {
      const end = performance.now() + 600;
      while (performance.now() < end);
    }, { once: true }));
    await page.getByTestId('jump-latest').click({ timeout: 5_000 });
    await waitFor('back at the latest bar', async () => (await page.getByTestId('jump-latest').count()) === 0, 5_000);
    await page.locator('a[data-interval="15m"]').click();
    await waitFor('back at 15m', async () => (await chartInterval(page)) === '15m' && (await chartBars(page)).length > 0, 20_000);
  });

  it('adds SMA(50) and RSI from the indicators control, draws RSI in its own pane, and keeps them after a reload', async () => {
    await page.goto(`${server.url}/symbol/AAPL?range=5d`); // enough bars for both at any time of day
    await waitFor('candles', async () => (await chartBars(page)).length > 0, 20_000);
    const chart = page.getByTestId('chart');
    const panes = async () => Number(await chart.getAttribute('data-panes'));
    const before = await panes();
    await page.getByTestId('indicators-toggle').click();
    await page.getByLabel('Indicator to add').selectOption('sma');
    await page.getByTestId('indicator-add').click();
    await page.getByLabel('Indicator to add').selectOption('rsi');
    await page.getByTestId('indicator-add').click();
    await waitFor('the RSI pane', async () => (await panes()) === before + 1, 10_000);
    const legend = page.getByTestId('indicator-legend');
    const names = () => legend.locator('.ind-name').allTextContents();
    expect(await names()).toEqual(['SMA 50', 'RSI 14']);
    // A period is typed in, by keyboard, with its label.
    const period = page.getByLabel('SMA 50: Period');
    await period.fill('20');
    await period.press('Enter');
    await waitFor('SMA 20 in the legend', async () => (await names())[0] === 'SMA 20', 5_000);
    // the legend reads the newest values: an RSI between 0 and 100
    const rsi = await waitFor('an RSI value', async () => {
      const text = await legend.locator('li[data-kind="rsi"] b').textContent({ timeout: 1000 }).catch(() => null);
      const v = text ? Number(text) : Number.NaN; // "—" until enough bars
      return Number.isFinite(v) ? v : undefined;
    }, 5_000);
    expect(rsi).toBeGreaterThanOrEqual(0);
    expect(rsi).toBeLessThanOrEqual(100);
    await page.keyboard.press('Escape');

    await page.reload();
    await waitFor('candles after the reload', async () => (await chartBars(page)).length > 0, 20_000);
    await waitFor('the RSI pane again', async () => (await panes()) === before + 1, 10_000);
    expect(await names()).toEqual(['SMA 20', 'RSI 14']);
    await screenshot(page, '03b-symbol-aapl-indicators');
  });

  it('switches chart ranges like Yahoo: the URL names the range, each draws bars at its interval, which stays switchable', async () => {
    // (the indicators added above are still on: a 1Y chart with SMA and RSI)
    const range = () => page.evaluate(() => (globalThis as { __tickstream?: { chart?: { range: string } } }).__tickstream?.chart?.range ?? null);
    const drawn = async (r: string, i: string) => (await range()) === r && (await chartInterval(page)) === i && (await chartBars(page)).length > 0;
    await page.locator('a[data-range="5d"]').click();
    await page.waitForURL(/\/symbol\/AAPL\?range=5d$/);
    await waitFor('5D at 5m', () => drawn('5d', '5m'), 10_000);
    await page.locator('a[data-range="1y"]').click();
    await page.waitForURL(/\?range=1y$/);
    await waitFor('1Y at 1d', () => drawn('1y', '1d'), 10_000);
    expect((await chartBars(page)).every((b) => b.time % 86_400 === 0)).toBe(true);
    expect(await page.getByTestId('adjusted').textContent()).toBe('Prices adjusted for splits');
    // minute bars over a year are more than the server serves: not offered
    expect(await page.locator('[data-interval="1m"]').getAttribute('aria-disabled')).toBe('true');
    await waitFor('the RSI pane on the 1Y chart', async () => Number(await page.getByTestId('chart').getAttribute('data-panes')) === 3, 5_000);
    // tall enough for the RSI pane under the candles and volume
    await page.setViewportSize({ width: 1280, height: 1040 });
    const shot = await screenshot(page, '03c-symbol-aapl-1y-indicators');
    toDocs(shot, 'screenshot-symbol-indicators.png');
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.locator('a[data-range="6mo"]').click();
    await page.locator('a[data-interval="1h"]').click();
    await page.waitForURL(/\?range=6mo&interval=1h$/);
    await waitFor('6M at 1h', () => drawn('6mo', '1h'), 10_000);
    await page.goto(`${server.url}/symbol/AAPL`);
    await waitFor('back at 1D', () => drawn('1d', '1m'), 10_000);
  });

  it('says reconnecting while the killed server is down, then goes live again with no gap in the candles, and draws 5Y from the daily bars it stored', async () => {
    await waitFor('live', async () => (await connectionState(page)).state === 'live', 10_000);
    // Five years of daily bars, synced from the source into the store before the crash.
    const fiveYears = async () => ((await (await contractFetch(`${server.url}/api/history?symbol=AAPL&range=5y&interval=1d`)).json()) as { candles: Candle[] }).candles;
    const dailyBefore = await waitFor('five years of daily bars', async () => {
      const bars = await fiveYears();
      return bars.length > 1000 ? bars : undefined;
    }, 60_000, 1000);
    const stoppedAt = Math.floor(Date.now() / 1000);
    // A crash, not a clean stop: nothing gets flushed or said goodbye.
    await server.stop('SIGKILL');
    const down = await waitFor('reconnecting shown', async () => {
      const s = await connectionState(page);
      return s.state === 'reconnecting' || s.state === 'offline' ? s : undefined;
    }, 15_000);
    expect(down.text).toMatch(/Reconnecting|Offline/);
    await screenshot(page, '04-reconnecting');

    const loadsBefore = await historyLoads(page);
    await server.restart();
    await waitFor('live again', async () => (await connectionState(page)).state === 'live', 30_000);
    const before = await visibleState(page);
    await waitFor('live data after the restart', async () => (await visibleState(page)) !== before, 20_000);
    // Let at least one minute boundary pass with the page on the restarted server.
    const restartedAt = Math.floor(Date.now() / 1000);
    await waitFor('a bar after the restart', async () => ((await chartBars(page)).at(-1)?.time ?? 0) >= Math.floor(restartedAt / 60) * 60, 70_000, 1000);
    await page.waitForTimeout(2500);

    const chart = await chartBars(page);
    const stored = await serverBars('AAPL');
    // The chart's bars are exactly the server's over the window they share (the forming bar may lag).
    const from = Math.max(chart[0]!.time, stored[0]!.time);
    const to = Math.min(chart.at(-1)!.time, stored.at(-1)!.time) - 60;
    const times = (bars: Candle[]) => bars.filter((b) => b.time >= from && b.time <= to).map((b) => b.time);
    expect(times(chart)).toEqual(times(stored));
    // And no missing minute across the outage (the simulated market never closes): in the stored bars,
    // which the chart matches above, and on the chart. The chart's 1D window starts at the exchange's
    // midnight (UTC here), so a run that crosses it leaves the chart only the new day's minutes.
    const gapsIn = (bars: Candle[]) => bars.slice(1).filter((b, i) => b.time - bars[i]!.time !== 60);
    const outageFrom = Math.floor(stoppedAt / 60) * 60 - 180;
    const around = stored.filter((b) => b.time >= outageFrom);
    expect(around.length).toBeGreaterThanOrEqual(3);
    expect(gapsIn(around)).toEqual([]);
    expect(gapsIn(chart.filter((b) => b.time >= outageFrom))).toEqual([]);
    await screenshot(page, '05-live-again');
    const resume = await page.evaluate(`globalThis.__tickstream.resume()`);
    console.log(`after the restart: resume ${JSON.stringify(resume)}, history reloads ${(await historyLoads(page)) - loadsBefore}, ${around.length} bars checked around the outage`);

    // The 5Y chart after the restart draws the stored daily bars: the same completed days as before.
    const dailyAfter = await fiveYears();
    const done = (bars: Candle[]) => bars.filter((b) => b.time < dailyBefore.at(-1)!.time).map((b) => [b.time, b.close]);
    expect(done(dailyAfter)).toEqual(done(dailyBefore));
    const fiveYearPage = await context.newPage(); // beside the page the next test resumes on
    try {
      await fiveYearPage.goto(`${server.url}/symbol/AAPL?range=5y`);
      await waitFor('five years drawn', async () => Number(await fiveYearPage.getByTestId('chart').getAttribute('data-bars')) > 200, 20_000);
    } finally {
      await fiveYearPage.close();
    }
  });

  it('resumes after a dropped network without reloading history, missing nothing', async () => {
    await waitFor('live', async () => (await connectionState(page)).state === 'live', 10_000);
    const loadsBefore = await historyLoads(page);
    await context.setOffline(true);
    // The browser's offline event ends the socket at once (no waiting for a heartbeat timeout).
    const away = await waitFor('offline shown', async () => {
      const s = await connectionState(page);
      return s.state === 'offline' ? s : undefined;
    }, 5_000);
    expect(away.text).toMatch(/Offline/);
    await page.waitForTimeout(5_000); // a few polls happen while this page is away
    await screenshot(page, '06-offline');
    await context.setOffline(false);
    await waitFor('live again', async () => (await connectionState(page)).state === 'live', 30_000);
    // 'live' comes with the welcome, before the resume answer: until that arrives, the page still
    // holds the previous test's answer (not recovered: the server had restarted in a new epoch).
    const resume = await waitFor('a recovered resume', async () => {
      const r = (await page.evaluate(`globalThis.__tickstream.resume()`)) as { recovered: boolean; replayed: number } | null;
      return r?.recovered ? r : undefined;
    }, 10_000);
    expect(resume.replayed).toBeGreaterThan(0);
    expect(await historyLoads(page)).toBe(loadsBefore);
    await page.waitForTimeout(2_500);
    const chart = await chartBars(page);
    const stored = await serverBars('AAPL');
    const from = Math.max(chart[0]!.time, stored[0]!.time);
    const to = Math.min(chart.at(-1)!.time, stored.at(-1)!.time) - 60;
    const inWindow = (bars: Candle[]) => bars.filter((b) => b.time >= from && b.time <= to);
    // Replayed candle messages brought every missed bar, with the server's values.
    expect(inWindow(chart)).toEqual(inWindow(stored));
    console.log(`after the network drop: resume ${JSON.stringify(resume)}, no history reload`);
  });

  it('compares with other symbols as % change, kept in the URL and drawn live', async () => {
    await page.goto(`${server.url}/symbol/AAPL?interval=5m&compare=msft`);
    const legend = page.getByTestId('compare-legend');
    await waitFor('MSFT in the compare legend', async () => (await legend.locator('[data-symbol=MSFT]').getAttribute('data-percent').catch(() => '')) !== '', 20_000);
    // live: MSFT's change moves with its ticks
    const msft = () => legend.locator('[data-symbol=MSFT]').getAttribute('data-percent');
    const first = await msft();
    await waitFor('a live MSFT change', async () => (await msft()) !== first, 15_000);
    // add a second one through the combobox
    await page.fill('#compare-search', 'NVDA');
    await page.locator('#compare-search-list [data-symbol=NVDA]').click({ timeout: 10_000 });
    await waitFor('NVDA in the legend', async () => (await legend.locator('[data-symbol=NVDA]').getAttribute('data-percent').catch(() => '')) !== '', 20_000);
    expect(new URL(page.url()).searchParams.get('compare')).toBe('MSFT,NVDA');
    expect(await page.getByTestId('compare-chip').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol')))).toEqual(['MSFT', 'NVDA']);
    // the main symbol starts at 0% at the first visible bar, like the others
    expect(await legend.locator('[data-symbol=AAPL]').getAttribute('data-percent')).not.toBe('');
    await page.mouse.move(1, 1);
    console.log(`compare legend: ${await legend.textContent()}`);
    await screenshot(page, '09-compare-msft-nvda');
    await page.getByRole('button', { name: 'Stop comparing with NVDA' }).click();
    await waitFor('NVDA gone', async () => (await legend.locator('[data-symbol=NVDA]').count()) === 0, 5_000);
    expect(new URL(page.url()).searchParams.get('compare')).toBe('MSFT');
    // switching the interval keeps the comparison
    await page.locator('a[data-interval="15m"]').click();
    await page.waitForURL(/interval=15m.*compare=MSFT/);
    await waitFor('MSFT at 15m', async () => (await legend.locator('[data-symbol=MSFT]').getAttribute('data-percent').catch(() => '')) !== '', 20_000);
    // a year of daily bars with the indicators and MSFT: the README's compare screenshot
    await page.goto(`${server.url}/symbol/AAPL?range=1y&compare=MSFT`);
    await waitFor('a year of AAPL and MSFT', async () => Number(await page.getByTestId('chart').getAttribute('data-bars')) > 200 &&
      (await legend.locator('[data-symbol=MSFT]').getAttribute('data-percent').catch(() => '')) !== '', 20_000);
    // SMA 20 (still on from above) says what it is computed on while the scale is in %
    const note = page.getByTestId('indicator-percent-note');
    await waitFor('the % note of the indicators', async () => ((await note.textContent({ timeout: 1000 }).catch(() => '')) ?? '').includes("SMA 20: computed on AAPL's prices"), 10_000);
    await page.mouse.move(1, 1);
    const shot = await screenshot(page, '11-compare-1y');
    toDocs(shot, 'screenshot-symbol-compare.png');
  });

  it('labels the time axis in the exchange clock, UTC or local, and remembers the choice', async () => {
    const chart = page.getByTestId('chart');
    const when = page.getByTestId('legend-time');
    // intraday bars, whose labels carry a time and its offset (a daily bar's label is its date)
    await page.goto(`${server.url}/symbol/AAPL?range=1d`);
    await waitFor('intraday candles', async () => Number(await chart.getAttribute('data-bars')) > 0, 20_000);
    // this browser's clock is New York's; the simulated exchange (always open) keeps UTC
    await page.selectOption('[data-testid=time-zone]', 'local');
    await waitFor('the local clock', async () => (await chart.getAttribute('data-time-zone')) === 'America/New_York', 5_000);
    expect(await when.textContent()).toMatch(/GMT-[45]$/);
    await screenshot(page, '10-time-zone-local-new-york');
    await page.selectOption('[data-testid=time-zone]', 'utc');
    await waitFor('UTC', async () => (await chart.getAttribute('data-time-zone')) === 'UTC', 5_000);
    expect(await when.textContent()).toMatch(/ UTC$/);
    // the price line tells time on the chart's clock too (it said the browser's EST under a UTC chart)
    const updated = page.getByTestId('updated');
    await waitFor('the price line on UTC', async () => / UTC$/.test((await updated.textContent()) ?? ''), 5_000);
    await page.selectOption('[data-testid=time-zone]', 'local');
    await waitFor('the price line on the local clock', async () => / E[SD]T$/.test((await updated.textContent()) ?? ''), 5_000);
    await page.selectOption('[data-testid=time-zone]', 'utc');
    await screenshot(page, '10-time-zone-utc');
    await page.reload();
    await waitFor('UTC again after a reload', async () => (await chart.getAttribute('data-time-zone')) === 'UTC', 10_000);
    await page.selectOption('[data-testid=time-zone]', 'exchange');
  });

  it('follows the dark system theme and fits a phone-width screen', async () => {
    const phone = await newContext(browser, { colorScheme: 'dark', viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    p.on('pageerror', (err) => pageErrors.push(err.message));
    await p.goto(`${server.url}/`);
    await waitFor('cards', async () => (await p.locator('[data-testid=quote-card] [data-price]').count()) === WATCHLIST.length, 20_000);
    await waitFor('sparklines', async () => (await p.locator('[data-testid=quote-card] svg path').count()) === WATCHLIST.length, 20_000);
    // String expressions: this file is type-checked without the DOM library.
    expect(await p.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(11, 14, 20)');
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    toDocs(await screenshot(p, '07-watchlist-phone-dark'), 'screenshot-phone.png');
    await p.goto(`${server.url}/symbol/BTC-USD`);
    await waitFor('candles', async () => (await chartBars(p)).length > 0, 20_000);
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // The OHLC legend wraps short of the price scale: BTC's prices ("89,200.00") are the widest labels.
    const clearance = (await p.evaluate(`(() => {
      const legend = document.querySelector('[data-testid=legend]').getBoundingClientRect();
      const wrap = document.querySelector('[data-testid=legend]').closest('.wrap');
      const scale = parseFloat(getComputedStyle(wrap).getPropertyValue('--price-scale'));
      return { scale, gap: wrap.getBoundingClientRect().right - scale - legend.right };
    })()`)) as { scale: number; gap: number };
    expect(clearance.scale).toBeGreaterThan(50);
    expect(clearance.gap).toBeGreaterThanOrEqual(0);
    toDocs(await screenshot(p, '08-symbol-phone-dark'), 'screenshot-phone-symbol.png');
    await phone.close();
  });

  it('threw no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('had its pages\' API answers checked against the OpenAPI document', () => {
    console.log(`contract: ${contractAnswersChecked()} /api answers the pages got were checked`);
    expect(contractAnswersChecked()).toBeGreaterThan(0);
    console.log(`contract: ${contractFramesChecked()} /ws frames the pages got were checked`);
    expect(contractFramesChecked()).toBeGreaterThan(0);
  });

  it('broke no rule of the pages\' Content-Security-Policy', () => {
    expect(cspViolations()).toEqual([]);
  });
});
