// Search, any symbol and watchlists in chromium against the real server (simulated source, 2 s
// polls): find a symbol in no list, watch its history then live ticks, put it in a new list,
// reorder the list with the keyboard, remove it, and see a second tab follow every change live.
// UPDATE_DOCS_SCREENSHOTS=1 (as the other browser tests) also writes the README's screenshots (docs/screenshot-*.png, 1280x800).
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchBrowser, newContext } from './support/browser.ts';
import { requireFrontendBuild, ROOT, startServer, waitFor, type TestServer } from './support/server.ts';
import { chartBars, screenshot, visibleState } from './support/app.ts';

const WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'SPY', 'BTC-USD', 'ETH-USD'];
const VIEWPORT = { width: 1280, height: 800 };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let other: Page;
let listId = '';
const pageErrors: string[] = [];

async function docShot(p: Page, name: string): Promise<void> {
  const path = await screenshot(p, name);
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(path, join(ROOT, 'docs', `${name}.png`));
}

/** Symbols in the order a page shows them (cards or table rows). */
async function shownSymbols(p: Page): Promise<string[]> {
  return p.locator('[data-testid=quote-card], [data-testid=quote-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol') ?? ''));
}

/** Arrow down through the search results until `symbol` is the active option. */
async function activate(p: Page, symbol: string): Promise<void> {
  await p.locator(`[role=option][data-symbol="${symbol}"]`).waitFor({ timeout: 15_000 });
  for (let i = 0; i < 12; i++) {
    if ((await p.locator('[role=option][aria-selected=true]').getAttribute('data-symbol')) === symbol) return;
    await p.keyboard.press('ArrowDown');
  }
  throw new Error(`${symbol} never became the active option`);
}

beforeAll(async () => {
  requireFrontendBuild();
  // a generous start-up allowance: the shared test machine can be very busy
  [server, browser] = await Promise.all([startServer({ env: { WATCHLIST: WATCHLIST.join(',') }, startTimeoutMs: 240_000 }), launchBrowser()]);
  context = await newContext(browser, { viewport: VIEWPORT, timezoneId: 'America/New_York' });
  page = await context.newPage();
  other = await context.newPage();
  for (const p of [page, other]) p.on('pageerror', (err) => pageErrors.push(err.message));
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.dispose();
});

describe('search and watchlists in chromium', () => {
  it('shows the environment list first, read-only, and finds a symbol by name as you type', async () => {
    await page.goto(`${server.url}/`);
    await waitFor('cards', async () => (await page.locator('[data-testid=quote-card] [data-price]').count()) === WATCHLIST.length, 30_000);
    const envTab = page.getByTestId('list-switcher').locator('a').first();
    expect(await envTab.textContent()).toMatch(/set by the environment/);
    expect(await page.getByTestId('copy-list').count()).toBe(1);

    await page.keyboard.press('/');
    const box = page.getByRole('combobox', { name: 'Search symbols' });
    // String expressions: this file is type-checked without the DOM library.
    expect(await page.evaluate('document.activeElement?.getAttribute("role")')).toBe('combobox');
    await box.pressSequentially('micro', { delay: 40 });
    await waitFor('several matches', async () => (await page.locator('[role=option]').count()) >= 3, 15_000);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await page.locator('[role=option][aria-selected=true]').getAttribute('id'));
    await page.keyboard.press('ArrowDown');
    await docShot(page, 'screenshot-search');

    await box.fill('');
    await box.pressSequentially('netfl', { delay: 40 });
    const option = page.locator('[role=option][data-symbol="NFLX"]');
    await option.waitFor({ timeout: 15_000 });
    expect(await option.textContent()).toMatch(/Netflix/);
  });

  it('opens a symbol in no list: its history appears, then live ticks', async () => {
    await activate(page, 'NFLX');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/symbol\/NFLX$/);
    // NFLX is in no list: the server backfills its history on this first view (the chart says so meanwhile).
    const sawBackfill = await page.getByTestId('chart').getAttribute('data-backfilling');
    await waitFor('NFLX history on the chart', async () => (await chartBars(page)).length > 0, 60_000, 500);
    console.log(`NFLX first view: backfill note ${sawBackfill === 'true' ? 'shown' : 'already gone'} when the chart mounted`);
    const before = await visibleState(page);
    await waitFor('a live NFLX tick', async () => (await visibleState(page)) !== before, 20_000);
    await waitFor('backfill note gone', async () => (await page.getByTestId('backfill').count()) === 0, 60_000);
  });

  it('adds it to a new list from the symbol page', async () => {
    await page.getByTestId('add-to-list').click();
    await page.getByTestId('add-new-list').fill('Streaming');
    await page.getByTestId('add-new-list').press('Enter');
    await waitFor('NFLX in Streaming', async () => /In 1 list/.test((await page.getByTestId('add-to-list').textContent()) ?? ''), 10_000);
    // From the search, Shift+Enter adds the highlighted result to that list too.
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.getByRole('combobox', { name: 'Search symbols' }).pressSequentially('tesla', { delay: 40 });
    await activate(page, 'TSLA');
    await page.keyboard.press('Shift+Enter');
    await waitFor('announced', async () => /Added TSLA to Streaming/.test((await page.getByTestId('announcer').textContent()) ?? ''), 10_000);
  });

  it('shows the new list in a second tab, and reorders it with the keyboard while that tab follows live', async () => {
    await page.goto(`${server.url}/`);
    const tab = page.getByTestId('list-switcher').locator('a', { hasText: 'Streaming' });
    await tab.click();
    await page.waitForURL(/list=\d+/);
    listId = new URL(page.url()).searchParams.get('list')!;
    await other.goto(`${server.url}/?list=${listId}`);
    await waitFor('second tab shows the list', async () => (await shownSymbols(other)).join() === 'NFLX,TSLA', 20_000);
    // A few more through the API (a script, not a browser): both tabs get them live.
    for (const symbol of ['DIS', 'ROKU', 'SPOT']) {
      const res = await fetch(`${server.url}/api/watchlists/${listId}/symbols`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol }),
      });
      expect(res.status).toBe(200);
    }
    for (const p of [page, other]) await waitFor('API additions shown', async () => (await shownSymbols(p)).join() === 'NFLX,TSLA,DIS,ROKU,SPOT', 15_000);

    await page.getByTestId('edit-list').click();
    const handle = page.locator('[data-testid=edit-row][data-symbol="NFLX"] [data-testid=row-handle]');
    await handle.focus();
    await page.keyboard.press('Alt+ArrowDown');
    await waitFor('moved here', async () => (await page.getByTestId('edit-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol')))).join() === 'TSLA,NFLX,DIS,ROKU,SPOT', 5_000);
    await waitFor('announced', async () => /NFLX moved to position 2 of 5/.test((await page.getByTestId('announcer').textContent()) ?? ''), 5_000);
    expect(await page.evaluate('document.activeElement?.closest("li")?.getAttribute("data-symbol")')).toBe('NFLX');
    await waitFor('moved in the other tab', async () => (await shownSymbols(other)).join() === 'TSLA,NFLX,DIS,ROKU,SPOT', 10_000);
    await waitFor('sparklines', async () => (await page.locator('[data-testid=quote-card] svg path').count()) === 5, 20_000);
    // symbols added a moment ago: polled from the next cycle on, their quotes arrive live
    await waitFor('a price on every card', async () => (await page.locator('[data-testid=quote-card] [data-price]').count()) === 5, 20_000);
    await docShot(page, 'screenshot-watchlist-edit');
  });

  it('removes the symbol, and the other tab drops it too', async () => {
    await page.locator('[data-testid=edit-row][data-symbol="NFLX"] [data-testid=remove-symbol]').click();
    await waitFor('removed here', async () => (await page.getByTestId('edit-row').count()) === 4, 5_000);
    await waitFor('removed in the other tab', async () => (await shownSymbols(other)).join() === 'TSLA,DIS,ROKU,SPOT', 10_000);
  });

  it('shows the environment list as a dense table, sorted from the URL, walked with j/k', async () => {
    await page.goto(`${server.url}/?view=table&sort=percent-desc`);
    await waitFor('rows', async () => (await page.locator('[data-testid=quote-row] [data-price]:not([data-price=""])').count()) === WATCHLIST.length, 20_000);
    await waitFor('sparklines', async () => (await page.locator('[data-testid=quote-row] svg path').count()) === WATCHLIST.length, 20_000);
    expect(await page.getByRole('columnheader', { name: /%/ }).getAttribute('aria-sort')).toBe('descending');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = await page.evaluate('document.activeElement?.getAttribute("data-symbol")');
    expect(second).toBe((await shownSymbols(page))[1]);
    await docShot(page, 'screenshot-table');
    // Re-sorting keeps the cursor on its symbol; Enter opens it.
    await page.locator('th button[data-sort=symbol]').click();
    await page.waitForURL(/sort=symbol-asc/);
    expect(await shownSymbols(page)).toEqual([...WATCHLIST].sort());
    const last = [...WATCHLIST].sort().at(-1) === second;
    for (const key of last ? ['k', 'j'] : ['j', 'k']) await page.keyboard.press(key);
    expect(await page.evaluate('document.activeElement?.getAttribute("data-symbol")')).toBe(second);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/symbol/${String(second)}$`));
  });

  it('copies the environment list into an editable one, renames it and deletes it', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('copy-list').click();
    await page.waitForURL(/list=\d+/);
    await waitFor('the copy shown, in edit mode', async () => (await page.getByTestId('edit-row').count()) === WATCHLIST.length, 10_000);
    expect(await page.locator('h1').textContent()).toBe('Watchlist (copy)');
    await page.getByTestId('list-name').fill('Core');
    await page.getByRole('button', { name: 'Rename' }).click();
    await waitFor('renamed, in the other tab too', async () => (await other.getByTestId('list-switcher').textContent())?.includes('Core'), 10_000);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('delete-list').click();
    await page.waitForURL((u) => !u.searchParams.has('list'));
    await waitFor('deleted in the other tab too', async () => !(await other.getByTestId('list-switcher').textContent())?.includes('Core'), 10_000);
  });

  it('answers an unknown symbol with HTTP 404 and a not-found page with suggestions', async () => {
    expect((await page.goto(`${server.url}/symbol/ZZZZQ`))?.status()).toBe(404);
    expect((await page.goto(`${server.url}/symbol/AAPL`))?.status()).toBe(200);
    expect((await page.goto(`${server.url}/symbol/NETFLIX`))?.status()).toBe(404);
    await page.getByTestId('error-page').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('error-page').getAttribute('data-status')).toBe('404');
    await page.getByTestId('suggestions').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('suggestions').textContent()).toMatch(/NFLX/);
  });

  it('threw no errors in the pages and broke no CSP rule', () => {
    expect(pageErrors).toEqual([]);
    expect(cspViolations()).toEqual([]);
  });
});
