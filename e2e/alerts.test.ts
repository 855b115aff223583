// Price alerts in chromium against the real server (simulated quotes every second, embedded
// database): create alerts on the symbol page around the live price with a webhook pointing at a
// receiver in this test, watch the price cross one, and follow it to the toast, the bell, the
// /alerts history with its delivery attempt, and the JSON the receiver got.
// `UPDATE_DOCS_SCREENSHOTS=1` also writes the README's screenshots (docs/, 1280x800).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, launchBrowser, newContext } from './support/browser.ts';
import { screenshot } from './support/app.ts';
import { freePort, requireFrontendBuild, ROOT, startServer, waitFor, type TestServer } from './support/server.ts';

const SYMBOL = 'BTC-USD'; // trades around the clock: the test does not depend on the time of day
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** A local webhook receiver: records every POST and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // not JSON: kept as text, and the assertions below fail on it
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The first value under `key` anywhere in a JSON value (the body may nest the event). */
function find(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object') return undefined;
  if (key in value) return (value as Record<string, unknown>)[key];
  for (const v of Object.values(value)) {
    const found = find(v, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function livePrice(page: Page): Promise<number> {
  return waitFor('a live price', async () => Number(await page.getByTestId('price').getAttribute('data-price')) || undefined, 30_000);
}

async function createAlert(page: Page, values: { type: string; value: string; webhookUrl?: string; note?: string }): Promise<void> {
  const form = '[data-testid="create-alert-form"]';
  await page.selectOption(`${form} [name="type"]`, values.type);
  await page.fill(`${form} [name="value"]`, values.value);
  if (values.note) await page.fill(`${form} [name="note"]`, values.note);
  if (values.webhookUrl) {
    if (!(await page.locator(`${form} [name="webhookUrl"]`).isVisible())) await page.click(`${form} summary`);
    await page.fill(`${form} [name="webhookUrl"]`, values.webhookUrl);
  }
  const before = await page.locator('[data-testid="symbol-alert"]').count();
  await page.click(`${form} button[type="submit"]`);
  await waitFor('the alert in the list', async () => (await page.locator('[data-testid="symbol-alert"]').count()) > before, 10_000);
}

/** Alerts at ±0.06, 0.12 and 0.24 % of the server's current price, made over REST. */
/** Creates a ladder of levels around the current price; resolves to the new alerts' ids. */
async function createLadder(base: string, webhookUrl: string): Promise<number[]> {
  const ids: number[] = [];
  const quotes = (await (await fetch(`${base}/api/quotes`)).json()) as { quotes: { symbol: string; price: number }[] };
  const price = quotes.quotes.find((q) => q.symbol === SYMBOL)!.price;
  for (const step of [0.0006, 0.0012, 0.0024]) {
    for (const [type, factor] of [['price_above', 1 + step], ['price_below', 1 - step]] as const) {
      const res = await fetch(`${base}/api/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: SYMBOL, condition: { type, value: Number((price * factor).toFixed(2)) }, webhookUrl, note: `ladder ${type}` }),
      });
      if (res.status !== 201) throw new Error(`ladder alert refused: ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: number }).id);
    }
  }
  return ids;
}

const levelsDrawn = async (page: Page) => ((await page.getByTestId('chart').getAttribute('data-levels')) ?? '').split(' ').filter(Boolean).map(Number);

describe('price alerts in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireFrontendBuild();
    receiver = await startReceiver();
    [server, browser] = await Promise.all([
      startServer({ env: { WATCHLIST: `${SYMBOL},AAPL`, POLL_INTERVAL_SECONDS: '1' } }),
      launchBrowser(),
    ]);
    context = await newContext(browser, { viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.dispose();
    await receiver?.close();
  });

  it("refuses a bad level next to its field, with the API's message", async () => {
    await page.goto(`${server.url}/symbol/${SYMBOL}`);
    await livePrice(page);
    await page.fill('[data-testid="create-alert-form"] [name="value"]', '-5');
    await page.click('[data-testid="create-alert-form"] button[type="submit"]');
    await page.waitForSelector('[data-testid="create-alert-form"] [data-testid="error-value"]');
    expect(await page.textContent('[data-testid="create-alert-form"] [data-testid="error-value"]')).toMatch(/greater than zero/);
    expect(await page.evaluate('document.activeElement?.getAttribute("name")')).toBe('value');
  });

  it('fires an alert created on the symbol page when the simulated price crosses it: toast, bell, history, webhook', async () => {
    await page.goto(`${server.url}/symbol/${SYMBOL}`);
    const price = await livePrice(page);
    // Two levels just either side of the price (±0.02 %, about one second of BTC's simulated
    // moves): whichever way the price goes, it crosses one of them within a few polls.
    const above = (price * 1.0002).toFixed(2);
    const below = (price * 0.9998).toFixed(2);
    await createAlert(page, { type: 'price_above', value: above, webhookUrl: receiver.url, note: 'e2e above' });
    await createAlert(page, { type: 'price_below', value: below, webhookUrl: receiver.url, note: 'e2e below' });
    // Both are drawn until one fires (which may already have happened: BTC moves fast).
    for (const level of await levelsDrawn(page)) expect([Number(above), Number(below)]).toContain(level);
    expect(await page.locator('[data-testid="symbol-alert"]').count()).toBe(2);

    // The page's price may lag the server's by a poll on a busy machine, and a random walk that
    // starts outside the two levels can wander off: a ladder of levels on both sides (over REST)
    // makes sure that whichever way the price goes, it crosses one soon.
    await createLadder(server.url, receiver.url);

    const toast = page.getByTestId('toast').first();
    await toast.waitFor({ timeout: 60_000 });
    const toastText = (await toast.textContent()) ?? '';
    expect(toastText).toContain(SYMBOL);
    expect(toastText).toMatch(/price crosses (above|below)/);
    expect(Number(await page.getByTestId('alert-bell').getAttribute('data-unread'))).toBeGreaterThanOrEqual(1);

    // The webhook got the generic JSON: the symbol, the condition and the triggering price.
    const hook = await waitFor('the webhook POST', () => receiver.received.find((r) => find(r.body, 'price') !== undefined), 20_000);
    expect(find(hook.body, 'symbol')).toBe(SYMBOL);
    const condition = find(hook.body, 'condition') as { type: string; value: number };
    expect(['price_above', 'price_below']).toContain(condition.type);
    const fired = Number(find(hook.body, 'price'));
    if (condition.type === 'price_above') expect(fired).toBeGreaterThan(condition.value);
    else expect(fired).toBeLessThan(condition.value);
    // A fired "once" alert is disarmed: its line leaves the chart.
    await waitFor('the fired level removed from the chart', async () => !(await levelsDrawn(page)).includes(condition.value), 10_000);

    // The history on /alerts shows the firing with its delivered attempt, and the bell clears.
    await page.click('[data-testid="alert-bell"]');
    await page.waitForURL(/\/alerts$/);
    const row = page.locator(`[data-testid="event-row"][data-symbol="${SYMBOL}"]`).first();
    await row.waitFor();
    await waitFor('the delivery recorded', async () => (await row.getAttribute('data-delivery')) === 'delivered', 20_000);
    expect(await row.locator('[data-testid="attempt"][data-outcome="delivered"]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('alert-bell').getAttribute('data-unread')).toBe('0');
    const firedRow = page.locator(`[data-testid="alert-row"][data-status="disarmed"]`);
    expect(await firedRow.count()).toBeGreaterThanOrEqual(1);
    expect(await firedRow.first().getByTestId('last-fired').textContent()).toMatch(/Last fired/);

    // A reload does not bring the firing back as unread or as a toast. The ladder's other levels
    // are switched off first, so that no new firing lands during the reload.
    const { alerts } = (await (await fetch(`${server.url}/api/alerts`)).json()) as { alerts: { id: number; status: string }[] };
    for (const a of alerts.filter((x) => x.status !== 'done' && x.status !== 'disabled')) {
      const res = await fetch(`${server.url}/api/alerts/${a.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"enabled":false}' });
      expect(res.ok).toBe(true);
    }
    await page.reload();
    await page.waitForSelector('[data-testid="event-row"]');
    expect(await page.getByTestId('alert-bell').getAttribute('data-unread')).toBe('0');
    expect(await page.getByTestId('toast').count()).toBe(0);
  });

  it('shows a firing that happened while the browser was offline exactly once, from the resumed stream', async () => {
    await page.goto(`${server.url}/symbol/${SYMBOL}`);
    await livePrice(page);
    // Offline only once the stream is live, so there is a position to resume from (a page still
    // connecting catches up from the stored events instead: the AlertFeed unit tests cover that).
    await waitFor('the live connection', async () => (await page.evaluate('globalThis.__tickstream?.connection?.().state')) === 'live', 30_000);
    await context.setOffline(true);
    let missed = 0;
    try {
      // Alerts made by another client (the test, over REST) while the page cannot hear: the server
      // fires and delivers one of them before the page is back. Only these count: an older alert
      // firing just before the page went offline was seen live, or is in the history the page read.
      const quotes = (await (await fetch(`${server.url}/api/quotes`)).json()) as { quotes: { symbol: string; price: number }[] };
      const price = quotes.quotes.find((q) => q.symbol === SYMBOL)!.price;
      const created: number[] = [];
      for (const [type, factor] of [['price_above', 1.0002], ['price_below', 0.9998]] as const) {
        const res = await fetch(`${server.url}/api/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ symbol: SYMBOL, condition: { type, value: Number((price * factor).toFixed(2)) }, webhookUrl: receiver.url, note: `offline ${type}` }),
        });
        expect(res.status).toBe(201);
        created.push(((await res.json()) as { id: number }).id);
      }
      created.push(...(await createLadder(server.url, receiver.url)));
      const hook = await waitFor('a firing while offline', () => receiver.received.find((r) => created.includes(Number(find(r.body, 'alertId')))), 60_000);
      missed = Number(find(hook.body, 'eventId'));
      // Back online only once the page knows it was cut off: a firing that came quickly (under load)
      // could otherwise still be read from the old socket, with no resume at all.
      await waitFor('the page off its live connection', async () => (await page.evaluate('globalThis.__tickstream?.connection?.().state')) !== 'live', 30_000);
    } finally {
      await context.setOffline(false);
    }
    const toasts = () => page.evaluate('globalThis.__tickstream?.alertToasts ?? []') as Promise<number[]>;
    await waitFor('the missed firing toasted after the resume', async () => (await toasts()).includes(missed), 30_000);
    expect(await page.evaluate('globalThis.__tickstream?.resume?.()')).toMatchObject({ recovered: true });
    await page.waitForTimeout(4000);
    const ids = await toasts();
    expect(ids.filter((id) => id === missed)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sends a test delivery from /alerts and disables and deletes an alert', async () => {
    // A level far away, so it never fires while this test works on it.
    const created = await fetch(`${server.url}/api/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: SYMBOL, condition: { type: 'price_above', value: 10_000_000 }, webhookUrl: receiver.url, webhookFormat: 'generic' }),
    });
    expect(created.status).toBe(201);
    const id = String(((await created.json()) as { id: number }).id);
    await page.goto(`${server.url}/alerts`);
    const row = page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);
    await row.waitFor();
    // Counted for this alert only: an earlier test's alert may still fire at the same receiver meanwhile.
    const ofThisAlert = () => receiver.received.filter((r) => Number(find(r.body, 'alertId')) === Number(id)).length;
    const before = ofThisAlert();
    await row.getByTestId('send-test').click();
    await waitFor('the test note', async () => ((await row.getByTestId('alert-note').textContent()) ?? '').includes('Test delivered'), 15_000);
    expect(ofThisAlert()).toBe(before + 1);

    await row.getByTestId('toggle').click();
    await waitFor('disabled', async () => (await page.locator(`[data-alert-id="${id}"][data-testid="alert-row"]`).getAttribute('data-status')) === 'disabled', 10_000);
    await page.locator(`[data-alert-id="${id}"] [data-testid="delete"]`).click();
    await page.locator(`[data-alert-id="${id}"] [data-testid="confirm-delete"]`).click();
    await waitFor('deleted', async () => (await page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`).count()) === 0, 10_000);
  });

  it('fits a phone: the bell stays on the header line and the create form goes below the chart', async () => {
    const phone = await newContext(browser, { colorScheme: 'dark', viewport: { width: 390, height: 844 } });
    try {
      const p = await phone.newPage();
      await p.goto(`${server.url}/symbol/${SYMBOL}`);
      await p.getByTestId('create-alert-form').waitFor();
      const [bell, live, chart, form] = await Promise.all(
        [p.getByTestId('alert-bell'), p.getByTestId('connection'), p.getByTestId('chart'), p.getByTestId('create-alert-form')].map((l) => l.boundingBox()),
      );
      expect(Math.abs(bell!.y + bell!.height / 2 - (live!.y + live!.height / 2))).toBeLessThan(6);
      expect(form!.y).toBeGreaterThan(chart!.y + chart!.height);
      expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(p, 'alerts-symbol-phone-dark');
    } finally {
      await phone.close();
    }
  });

  it('draws armed levels on the chart (screenshots of the symbol page and /alerts)', async () => {
    // Tidy up for the screenshots: the offline and ladder alerts go, near levels left armed are
    // disabled, so the chart shows the two levels made below.
    const { alerts } = (await (await fetch(`${server.url}/api/alerts`)).json()) as { alerts: { id: number; status: string; note: string | null }[] };
    for (const a of alerts) {
      const offline = /^(offline|ladder)/.test(a.note ?? '');
      if (!offline && a.status === 'done') continue;
      const res = await fetch(`${server.url}/api/alerts/${a.id}`, {
        method: offline ? 'DELETE' : 'PATCH',
        headers: { 'content-type': 'application/json' },
        ...(offline ? {} : { body: '{"enabled":false}' }),
      });
      expect(res.ok).toBe(true);
    }
    await page.goto(`${server.url}/symbol/${SYMBOL}`);
    const price = await livePrice(page);
    await createAlert(page, { type: 'price_above', value: (price * 1.004).toFixed(0), note: 'take profit' });
    await createAlert(page, { type: 'price_below', value: (price * 0.996).toFixed(0), note: 'stop' });
    await waitFor('two levels drawn', async () => (await levelsDrawn(page)).length >= 2, 10_000);
    await waitFor('candles on the chart', async () => Number(await page.getByTestId('chart').getAttribute('data-bars')) > 0, 30_000);
    await page.evaluate('document.activeElement?.blur()');
    await page.waitForTimeout(500);
    const symbolShot = await screenshot(page, 'alerts-symbol');
    await page.goto(`${server.url}/alerts`);
    // The two alerts just made (the firings so far belonged to the deleted ladder alerts, and went with them).
    await page.waitForSelector('[data-testid="alert-row"]');
    const alertsShot = await screenshot(page, 'alerts-page');
    if (UPDATE_DOCS) {
      copyFileSync(symbolShot, join(ROOT, 'docs/screenshot-symbol-alert.png'));
      copyFileSync(alertsShot, join(ROOT, 'docs/screenshot-alerts.png'));
    }
    expect(pageErrors).toEqual([]);
    expect(cspViolations()).toEqual([]);
  });
});
