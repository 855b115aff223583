// What a user sees when the connection is gone: after a couple of poll intervals every price looks
// stale (muted, "stale" tag, "updated N s ago"), and it looks live again once the server is back.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { requireFrontendBuild, startServer, waitFor, type TestServer } from './support/server.ts';

describe('prices without a connection', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireFrontendBuild();
    [server, browser] = await Promise.all([startServer({ env: { WATCHLIST: 'AAPL,MSFT' } }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('greys out the cards and says how old each price is once the connection has been down for a while, until it is back', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(server.url + '/');
      const card = page.locator('[data-testid="quote-card"][data-symbol="AAPL"]');
      await card.locator('[data-testid="price"]').waitFor();
      expect(await card.getAttribute('class')).not.toMatch(/\bstale\b/);

      await server.stop();
      // 2 s polls: stale after the 10 s floor; before that a hiccup changes nothing
      await page.waitForTimeout(3000);
      expect(await card.getAttribute('class')).not.toMatch(/\bstale\b/);
      await waitFor('stale card', async () => /\bstale\b/.test((await card.getAttribute('class')) ?? ''), 20_000);
      expect(await card.getByText('stale', { exact: true }).isVisible()).toBe(true);
      expect(await card.getByTestId('updated').textContent()).toMatch(/^\d+ (s|min|h) ago$/);
      // strings: this file is type-checked without the DOM library
      const priceColour = await page.evaluate(`getComputedStyle(document.querySelector('[data-symbol="AAPL"] [data-testid="price"]')).color`);
      const mutedColour = await page.evaluate(`(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--muted)';
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      })()`);
      expect(priceColour).toBe(mutedColour);

      await server.restart();
      await waitFor('live again', async () => !/\bstale\b/.test((await card.getAttribute('class')) ?? ''), 30_000);
      expect(await card.getByTestId('updated').textContent()).not.toMatch(/ago$/);
    } finally {
      await context.close();
    }
  });
});
