// The portfolio page in chromium against the real server (simulated quotes every 2 s, embedded
// database): add a holding through the page, watch its value move with live ticks, edit and
// remove it, and the API-token flow for writes.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchBrowser, newContext } from './support/browser.ts';
import { contractAnswersChecked, contractFetch, takeContractViolations } from './support/contract.ts';
import { requireFrontendBuild, ROOT, startServer, waitFor, type TestServer } from './support/server.ts';

const ARTIFACTS = join(ROOT, 'test-artifacts');
const TOKEN = 'portfolio-e2e-token-0123456789';

async function fillForm(page: Page, form: string, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.fill(`[data-testid="${form}"] [name="${name}"]`, value);
  await page.click(`[data-testid="${form}"] button[type="submit"]`);
}

const cell = (page: Page, symbol: string, field: string) =>
  page.locator(`[data-testid="holding-row"][data-symbol="${symbol}"] [data-field="${field}"]`);

// Every /api and /metrics answer the pages got in this test is one /api/openapi.json documents.
afterEach(async () => {
  expect(await takeContractViolations()).toEqual([]);
});

describe('portfolio page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireFrontendBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    [server, browser] = await Promise.all([startServer({ env: { WATCHLIST: 'AAPL,MSFT' } }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('adds a holding of a symbol outside the watchlist and values it live as ticks arrive', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/portfolio`);
      await page.waitForSelector('[data-testid="add-holding-form"]');

      // The API's field errors show next to their inputs.
      await fillForm(page, 'add-holding-form', { symbol: 'AMD', quantity: '0', costPerShare: '1e3' });
      await page.waitForSelector('[data-testid="error-quantity"]');
      expect(await page.textContent('[data-testid="error-quantity"]')).toBe('must be greater than zero');
      expect(await page.textContent('[data-testid="error-costPerShare"]')).toMatch(/exponent/);

      await fillForm(page, 'add-holding-form', { symbol: 'amd', quantity: '10', costPerShare: '100.10' });
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="AMD"]');
      expect(await page.locator('[data-testid="error-quantity"]').count()).toBe(0);

      // AMD is not in WATCHLIST: it is priced only because holdings are polled too.
      const first = await waitFor('a live AMD value', async () => {
        const text = (await cell(page, 'AMD', 'marketValue').textContent())?.trim();
        return text && text !== '—' ? text : undefined;
      });
      expect(first).toMatch(/^\$[\d,]+\.\d{2}$/);
      const totalFirst = await page.textContent('[data-testid="total-value"]');
      const moved = await waitFor('the AMD value to move with a new tick', async () => {
        const text = (await cell(page, 'AMD', 'marketValue').textContent())?.trim();
        return text && text !== first ? text : undefined;
      }, 30_000);
      expect(moved).not.toBe(first);
      expect(await page.textContent('[data-testid="total-value"]')).not.toBe(totalFirst);
      expect(await cell(page, 'AMD', 'weight').textContent()).toBe('100.00%');

      // A second currency is labelled and kept out of the USD totals.
      await fillForm(page, 'add-holding-form', { symbol: 'SAP.DE', quantity: '2', costPerShare: '180' });
      await waitFor('the EUR totals row', () => page.locator('[data-testid="totals-row"][data-currency="EUR"]').count().then((n) => n > 0));
      expect(await page.textContent('[data-testid="excluded-note"]')).toContain('SAP.DE (EUR)');
      expect(await page.textContent('[data-testid="allocation-AMD"]')).toContain('100.00%');

      // The value chart (1D by default) is drawn from stored bars and extended live.
      await waitFor('value chart points', async () => Number(await page.getAttribute('[data-testid="portfolio-value-chart"]', 'data-points')) > 0);
      // AMD has no acquired-on date: the chart says it counts over the whole range
      expect(await page.textContent('[data-testid="value-chart-undated"]')).toContain('AMD');
      await page.screenshot({ path: join(ARTIFACTS, 'portfolio.png'), fullPage: true });
      // ...and names why SAP.DE is not on it: its currency is known from its quote, not the chart's
      await waitFor('the value chart to name the currency of SAP.DE', async () =>
        (await page.evaluate(() => document.querySelector('[data-testid="value-chart-excluded"]')?.textContent ?? '')).includes('SAP.DE (other currency: EUR)'),
      );

      // Edit: twice the shares, so the value roughly doubles.
      await page.click('[data-testid="holding-row"][data-symbol="AMD"] [data-testid="edit"]');
      await page.fill('[data-testid="edit-holding-form"] [name="quantity"]', '20');
      await page.click('[data-testid="edit-holding-form"] button[type="submit"]');
      await waitFor('the edited quantity', async () => (await page.locator('[data-testid="edit-holding-form"]').count()) === 0);
      const quantityCell = page.locator('[data-testid="holding-row"][data-symbol="AMD"] td').nth(1);
      expect((await quantityCell.textContent())?.trim()).toBe('20');

      // Remove (with confirmation).
      await page.click('[data-testid="holding-row"][data-symbol="SAP.DE"] [data-testid="remove"]');
      await page.click('[data-testid="holding-row"][data-symbol="SAP.DE"] [data-testid="confirm-remove"]');
      await waitFor('SAP.DE removed', async () => (await page.locator('[data-testid="holding-row"][data-symbol="SAP.DE"]').count()) === 0);

      const api = (await (await contractFetch(`${server.url}/api/portfolio`)).json()) as { holdings: { symbol: string; quantity: string }[] };
      expect(api.holdings.map((h) => [h.symbol, h.quantity])).toEqual([['AMD', '20']]);
    } finally {
      await context.close();
    }
  });

  it('adds, edits and removes a holding by keyboard alone, with focus where each step leaves it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const focused = (expr: string) => page.evaluate(`document.activeElement?.${expr} ?? null`);
    const tabTo = async (key: 'Tab' | 'Shift+Tab', label: string) => {
      for (let i = 0; i < 80 && (await focused('getAttribute("aria-label")')) !== label; i++) await page.keyboard.press(key);
      expect(await focused('getAttribute("aria-label")')).toBe(label);
    };
    try {
      await page.goto(`${server.url}/portfolio`);
      await page.waitForSelector('[data-testid="add-holding-form"]');
      // From the top of the page, Tab reaches the add form's first field.
      for (let i = 0; i < 80 && (await focused('getAttribute("name")')) !== 'symbol'; i++) await page.keyboard.press('Tab');
      expect(await focused('closest("form")?.dataset.testid')).toBe('add-holding-form');
      // Enter on the empty form: each empty field is named as missing, not as malformed.
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="error-symbol"]');
      expect(await page.textContent('[data-testid="error-symbol"]')).toBe('is required');
      expect(await page.textContent('[data-testid="error-quantity"]')).toBe('is required');
      await page.keyboard.type('intc');
      await page.keyboard.press('Tab');
      await page.keyboard.type('5');
      await page.keyboard.press('Tab');
      await page.keyboard.type('30');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="INTC"]');
      await waitFor('the add said on the page', async () => (await page.textContent('[data-testid="form-status"]')) === 'Added 5 INTC at 30 a share');
      expect(await focused('getAttribute("name")')).toBe('symbol'); // ready for the next holding

      // Edit opens with the cursor in its form; Escape closes it and returns to the Edit button.
      await tabTo('Shift+Tab', 'Edit INTC');
      await page.keyboard.press('Enter');
      await waitFor('focus in the edit form', async () => (await focused('closest("form")?.dataset.testid')) === 'edit-holding-form');
      await page.keyboard.press('Escape');
      await waitFor('the edit form closed', async () => (await page.locator('[data-testid="edit-holding-form"]').count()) === 0);
      expect(await focused('getAttribute("aria-label")')).toBe('Edit INTC');
      await page.keyboard.press('Enter');
      await waitFor('focus in the edit form', async () => (await focused('getAttribute("name")')) === 'symbol');
      await page.keyboard.press('Tab');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('7');
      await page.keyboard.press('Enter');
      await waitFor('the edit saved', async () => (await page.locator('[data-testid="edit-holding-form"]').count()) === 0);
      expect((await page.locator('[data-testid="holding-row"][data-symbol="INTC"] td').nth(1).textContent())?.trim()).toBe('7');
      expect(await focused('getAttribute("aria-label")')).toBe('Edit INTC');

      // Remove asks first, with focus on the confirmation; then focus stays in the table, never on <body>.
      await tabTo('Tab', 'Remove INTC');
      await page.keyboard.press('Enter');
      await waitFor('focus on the confirmation', async () => (await focused('dataset.testid')) === 'confirm-remove');
      await page.keyboard.press('Enter');
      await waitFor('INTC removed', async () => (await page.locator('[data-testid="holding-row"][data-symbol="INTC"]').count()) === 0);
      await waitFor('the removal said', async () => (await page.getByRole('status').allTextContents()).includes('Removed INTC'));
      // the next (or previous) row's Edit button, or the table itself when it was the last row
      expect(await focused('getAttribute("aria-label")')).toMatch(/^Edit |^Holdings$/);
    } finally {
      await context.close();
    }
  });

  it('charts the value over a range against a benchmark, both as %, and takes any benchmark symbol', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const chart = page.locator('[data-testid="portfolio-value-chart"]');
    const points = async (range: string) => (await chart.getAttribute('data-range')) === range ? Number(await chart.getAttribute('data-points')) : 0;
    try {
      await page.goto(`${server.url}/portfolio`);
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="AMD"]');
      await page.click('button[data-range="1w"]');
      await waitFor('the 1W series from stored bars', async () => (await points('1w')) > 1, 20_000);
      // 1Y: a year of the stored daily bars (the simulated source's daily history), against SPY
      await page.click('button[data-range="1y"]');
      await waitFor('a year of daily points', async () => (await points('1y')) > 200, 20_000);
      expect(await page.textContent('[data-testid="benchmark-symbol"]')).toBe('SPY');
      await waitFor('the SPY line', async () => Number(await chart.getAttribute('data-benchmark-points')) > 200, 20_000);
      expect(await page.getAttribute('[data-testid="benchmark-legend"]', 'data-percent')).toMatch(/^-?\d+\.\d\d$/);
      // a drawing of both lines until the pointer comes: the chart library is not loaded before
      expect(await chart.getAttribute('data-mode')).toBe('drawing');
      expect(await page.locator('[data-testid="value-drawing"] path.line').getAttribute('d')).toMatch(/^M0 \d+(L\d+ \d+){200,}/);
      expect(await chart.locator('canvas').count()).toBe(0);
      await chart.hover();
      await waitFor('the interactive value chart', async () => (await chart.getAttribute('data-mode')) === 'interactive', 10_000);
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="value-drawing"]').count()).toBe(0);
      await page.mouse.move(1, 1);
      await page.screenshot({ path: join(ARTIFACTS, 'portfolio-history.png') });
      // `UPDATE_DOCS_SCREENSHOTS=1`: the README's portfolio screenshot (1280x800)
      if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') copyFileSync(join(ARTIFACTS, 'portfolio-history.png'), join(ROOT, 'docs/screenshot-portfolio.png'));
      // any symbol as the benchmark, kept for the next visit
      await page.fill('#benchmark-search', 'MSFT');
      await page.locator('#benchmark-search-list [data-symbol=MSFT]').click({ timeout: 10_000 });
      await waitFor('MSFT as the benchmark', async () => (await page.textContent('[data-testid="benchmark-legend"]'))?.includes('MSFT') === true, 10_000);
      await waitFor('the MSFT line', async () => Number(await chart.getAttribute('data-benchmark-points')) > 200, 20_000);
      await page.reload();
      await waitFor('1Y against MSFT after a reload', async () => (await points('1y')) > 200 && (await page.textContent('[data-testid="benchmark-symbol"]')) === 'MSFT', 20_000);
    } finally {
      await context.close();
    }
  });
});

describe('portfolio page with API_TOKEN set', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    requireFrontendBuild();
    [server, browser] = await Promise.all([
      startServer({ env: { WATCHLIST: 'AAPL', API_TOKEN: TOKEN, PORTFOLIO: 'MSFT:5@310' } }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows the seeded holding, asks for the token on the first write and keeps it for the next', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/portfolio`);
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="MSFT"]');

      await fillForm(page, 'add-holding-form', { symbol: 'NVDA', quantity: '1', costPerShare: '100' });
      await page.waitForSelector('[data-testid="token-prompt"]');
      await page.fill('[data-testid="token-prompt"] [name="token"]', TOKEN);
      await page.click('[data-testid="token-prompt"] button[type="submit"]');
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="NVDA"]');
      expect(await page.evaluate(() => localStorage.getItem('tickstream.apiToken'))).toBe(TOKEN);

      await fillForm(page, 'add-holding-form', { symbol: 'TSLA', quantity: '1', costPerShare: '100' });
      await page.waitForSelector('[data-testid="holding-row"][data-symbol="TSLA"]');
      expect(await page.locator('[data-testid="token-prompt"]').count()).toBe(0);

      const denied = await contractFetch(`${server.url}/api/portfolio/holdings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'AMD', quantity: 1, costPerShare: 1 }),
      });
      expect(denied.status).toBe(401);
    } finally {
      await context.close();
    }
  });
});

describe('portfolio page API answers', () => {
  it('were checked against the OpenAPI document', () => {
    console.log(`contract: ${contractAnswersChecked()} /api answers the pages got were checked`);
    expect(contractAnswersChecked()).toBeGreaterThan(0);
  });
});

describe('portfolio page under its Content-Security-Policy', () => {
  it('broke no rule of it in either suite above', () => {
    expect(cspViolations()).toEqual([]);
  });
});
