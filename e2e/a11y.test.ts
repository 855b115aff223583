// Every page, light and dark, on a phone and a desktop, checked by axe-core once its live content
// has arrived: zero violations of WCAG 2.1 A/AA and axe's best practices. Then the phone layout:
// no page scrolls sideways, and the watchlist does not jump when its lists arrive late.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, newContext } from './support/browser.ts';
import { requireFrontendBuild, startServer, type TestServer } from './support/server.ts';

/** Each page with what shows that its content is there (live prices, a drawn chart, a table). */
const PAGES = [
  { path: '/', ready: '[data-testid="price"]' },
  { path: '/?view=table', ready: 'table' },
  { path: '/alerts', ready: '[data-testid="alerts-heading"]' },
  { path: '/symbol/AAPL', ready: '[data-testid="chart"][data-last-time]' },
  { path: '/portfolio', ready: '[data-testid="holding-row"] [data-field="price"]' },
  { path: '/symbol/ZZZZQ', ready: 'main' },
];
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const SCHEMES = ['light', 'dark'] as const;

describe('accessibility (axe-core)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireFrontendBuild();
    [server, browser] = await Promise.all([
      startServer({ env: { WATCHLIST: 'AAPL,MSFT,BTC-USD', PORTFOLIO: 'AAPL:10@150.25,MSFT:5@310' } }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  // Each page is loaded once per form and checked in both colour schemes: the scheme is switched on
  // the loaded page (prefers-color-scheme), as a reader's system would switch it.
  for (const [form, viewport] of Object.entries(VIEWPORTS)) {
    it(`finds no violation on any page, ${form}, light and dark`, async () => {
      const context = await newContext(browser, { viewport, colorScheme: SCHEMES[0] });
      const found: string[] = [];
      try {
        const page = await context.newPage();
        for (const { path, ready } of PAGES) {
          await page.goto(server.url + path);
          await page.locator(ready).first().waitFor({ timeout: 30_000 });
          await page.waitForTimeout(1200);
          for (const colorScheme of SCHEMES) {
            await page.emulateMedia({ colorScheme });
            // two frames: styles recomputed and painted in the new scheme before axe reads colours
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            found.push(...(await axeViolations(page)).map((v) => `${path} (${colorScheme}): ${v}`));
          }
        }
      } finally {
        await context.close();
      }
      expect(found, found.join("\n")).toEqual([]);
    });
  }

  it('fits every page into a phone\'s width: nothing scrolls the page sideways at 390 px', async () => {
    const context = await newContext(browser, { viewport: VIEWPORTS.phone });
    const widths: Record<string, number> = {};
    try {
      const page = await context.newPage();
      for (const { path, ready } of PAGES.filter((p) => ['/', '/symbol/AAPL', '/portfolio', '/alerts'].includes(p.path))) {
        await page.goto(server.url + path);
        await page.locator(ready).first().waitFor({ timeout: 30_000 });
        widths[path] = await page.evaluate(() => document.documentElement.scrollWidth);
      }
    } finally {
      await context.close();
    }
    expect(widths).toEqual({ '/': 390, '/symbol/AAPL': 390, '/portfolio': 390, '/alerts': 390 });
  });

  it('keeps the watchlist still on a phone when the lists arrive after the cards (layout shift under 0.05)', async () => {
    const context = await newContext(browser, { viewport: VIEWPORTS.phone });
    try {
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __cls: number };
        w.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.__cls += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // the lists answer only once the cards are on screen: the order a slow phone network gives
      let release = () => {};
      const held = new Promise<void>((r) => (release = r));
      await page.route('**/api/watchlists', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(server.url + '/');
      await page.locator('[data-testid="price"]').first().waitFor({ timeout: 30_000 });
      release();
      await page.getByTestId('copy-list').waitFor({ timeout: 10_000 });
      const cls = await page.evaluate(
        () => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r((window as unknown as { __cls: number }).__cls)))),
      );
      expect(cls).toBeLessThan(0.05);
    } finally {
      await context.close();
    }
  });
});
