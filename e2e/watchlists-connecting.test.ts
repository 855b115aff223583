// A list changed while a page's live connection is still being set up: the page read the lists over
// HTTP before its socket was live, so the change reached no socket of that page. It must still show
// once the socket is live (lib/watchlists/live.ts reads the lists again on the first welcome).
// The socket is held back by routing it, so the window that CI once hit by chance is always open here.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { requireFrontendBuild, startServer, waitFor, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  requireFrontendBuild();
  [server, browser] = await Promise.all([startServer({ startTimeoutMs: 240_000 }), launchBrowser()]);
  context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

const shownSymbols = (p: Page) =>
  p.locator('[data-testid=quote-card], [data-testid=quote-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol') ?? ''));

describe('a watchlist changed while the page is still connecting', () => {
  it('shows the change once the live connection is up', async () => {
    const created = await fetch(`${server.url}/api/watchlists`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ name: 'Connecting', symbols: ['AAPL'] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.routeWebSocket(/\/ws$/, async (ws) => {
      await held;
      ws.connectToServer();
    });
    await page.goto(`${server.url}/?list=${id}`);
    await waitFor('the list read over HTTP', async () => (await shownSymbols(page)).join() === 'AAPL', 20_000);

    const added = await fetch(`${server.url}/api/watchlists/${id}/symbols`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ symbol: 'MSFT' }),
    });
    expect(added.status).toBe(200);
    release();
    await waitFor('the change, once live', async () => (await shownSymbols(page)).join() === 'AAPL,MSFT', 15_000);
  });
});
