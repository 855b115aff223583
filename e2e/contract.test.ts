// The browser tests' contract hook (support/contract.ts) catches an undocumented answer: a page on a
// routed origin (no server) receives answers the OpenAPI document states and answers it does not.
import { createServer } from 'node:http';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from './support/browser.ts';
import { contractFetch, frameViolations, takeContractViolations } from './support/contract.ts';

const ORIGIN = 'http://tickstream.test';
const status = { state: 'ok', source: 'simulated', lastSuccessAtMs: null, lastError: null, nextAttemptAtMs: null, stale: false, symbolErrors: {}, backfill: { done: 0, total: 0, running: false } };
const json = (route: Route, code: number, body: unknown) => route.fulfill({ status: code, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) });

let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await newContext(browser, { debug: false });
  await context.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    switch (url.pathname) {
      case '/': return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>contract</p>' });
      case '/api/quotes': return json(route, 200, url.search === '?bad' ? { quotes: [], status, secret: 1 } : { quotes: [], status });
      case '/api/history': return json(route, 400, { error: { code: 'HOLDING_NOT_FOUND', message: 'not this route\'s code' } });
      case '/api/health': return json(route, 418, { error: { code: 'INTERNAL', message: 'a teapot' } });
      case '/metrics': return json(route, 200, {});
      default: return json(route, 404, { error: { code: 'NOT_FOUND', message: 'no' } });
    }
  });
  page = await context.newPage();
  await page.goto(`${ORIGIN}/`);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const load = (path: string) => page.evaluate(`fetch(${JSON.stringify(path)}).then((r) => r.text())`);

describe('the browser tests\' contract hook', () => {
  it('passes documented answers: a body, an error of an unmatched route, and a page', async () => {
    await load('/api/quotes');
    await load('/api/nope');
    await page.reload();
    expect(await takeContractViolations()).toEqual([]);
  });

  it('reports an undocumented field, error code, status and media type', async () => {
    await Promise.all(['/api/quotes?bad', '/api/history?symbol=AAPL', '/api/health', '/metrics'].map(load));
    const found = (await takeContractViolations()).sort();
    expect(found).toEqual([
      expect.stringMatching(/^GET \/api\/health answered 418: status 418 is not documented for GET \/api\/health/),
      expect.stringMatching(/^GET \/api\/history\?symbol=AAPL answered 400: body\/error\/code must be equal to one of the allowed values/),
      expect.stringMatching(/^GET \/api\/quotes\?bad answered 200: body must NOT have additional properties .*"secret"/),
      expect.stringMatching(/^GET \/metrics answered 200 as "application\/json"/),
    ]);
    expect(await takeContractViolations()).toEqual([]);
  });

  it('checks a test\'s own requests too (contractFetch)', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/api/quotes' ? { quotes: [] } : { quotes: [], status }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      expect((await contractFetch(`${base}/api/quotes?ok`)).status).toBe(200);
      await expect(contractFetch(`${base}/api/quotes`)).rejects.toThrow(/answer not in \/api\/openapi.json:[\s\S]*must have required property 'status'/);
    } finally {
      server.close();
    }
  });

  it('checks /ws frames against the message map: an unknown type, field or error code is reported', () => {
    const pong = { type: 'pong', serverTimeMs: 1 };
    expect(frameViolations(JSON.stringify(pong))).toEqual([]);
    expect(frameViolations(JSON.stringify([pong, { type: 'subscribed', symbols: ['AAPL'] }]))).toEqual([]);
    expect(frameViolations(JSON.stringify({ ...pong, extra: true }))).toEqual([expect.stringMatching(/not in the message map/)]);
    expect(frameViolations(JSON.stringify({ type: 'gossip' }))).toEqual([expect.stringMatching(/not in the message map/)]);
    expect(frameViolations(JSON.stringify({ type: 'error', code: 'TEAPOT', message: 'no' }))).toEqual([expect.stringMatching(/not in the message map/)]);
    expect(frameViolations('not json')).toEqual([expect.stringMatching(/not JSON/)]);
  });
});
