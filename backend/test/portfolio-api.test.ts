// /api/portfolio against the real PostgreSQL server and PGlite (and the in-memory fake the unit
// suites use, to keep it honest): CRUD, live valuation, every 400/401/403/404, poller sync.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Holding, PortfolioHistoryResponse, PortfolioResponse } from '@tickstream/shared';
import { openStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { seedPortfolio } from '../src/portfolio/seed.ts';
import { createTestDatabase, TEST_DATABASE_URL, testConfig } from './support/services.ts';
import { fakeStore, NOW_S, startHarness, tick, type Harness } from './portfolio-support.ts';

const TOKEN = 'correct-horse-battery-staple';

interface StoreKind {
  name: string;
  skip?: boolean;
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

const kinds: StoreKind[] = [
  { name: 'in-memory fake', open: async () => ({ store: fakeStore(), dispose: async () => {} }) },
  {
    name: 'PostgreSQL server',
    skip: !TEST_DATABASE_URL,
    async open() {
      const db = await createTestDatabase();
      const store = await openStore({ url: db.url, dataDir: './data-unused' }, pino({ level: 'silent' }));
      return { store, dispose: async () => { await store.close(); await db.drop(); } };
    },
  },
  {
    name: 'PGlite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'tickstream-portfolio-'));
      const store = await openStore({ url: undefined, dataDir: dir }, pino({ level: 'silent' }));
      return { store, dispose: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
    },
  },
];

const errorOf = (body: unknown) => (body as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

for (const kind of kinds) describe.skipIf(kind.skip)(`portfolio API on ${kind.name}`, () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let api: Harness;
  let guarded: Harness;

  beforeAll(async () => {
    ({ store, dispose } = await kind.open());
    api = await startHarness(store);
    guarded = await startHarness(store, { API_TOKEN: TOKEN, ALLOWED_ORIGINS: 'https://dash.example.com' });
  });

  afterAll(async () => {
    await api?.close();
    await guarded?.close();
    await dispose?.();
  });

  beforeEach(async () => {
    for (const h of await store.holdings.list()) await store.holdings.remove(h.id);
    api.live.ticks.clear();
  });

  const create = async (body: unknown) => {
    const res = await api.send('POST', '/api/portfolio/holdings', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Holding;
  };

  it('creates a holding and answers 201 with its id, exact decimals and a Location', async () => {
    const res = await api.send('POST', '/api/portfolio/holdings', {
      symbol: 'nvda', quantity: '2.50000000', costPerShare: 120.1, note: ' long term ', acquiredOn: '2024-06-03',
    });
    expect(res.status).toBe(201);
    const h = res.body as Holding;
    expect(h).toMatchObject({ symbol: 'NVDA', quantity: '2.5', costPerShare: '120.1', note: 'long term', acquiredOn: '2024-06-03' });
    expect(h.id).toBeGreaterThan(0);
    expect(res.headers.get('location')).toBe(`/api/portfolio/holdings/${h.id}`);
    const list = await api.send('GET', '/api/portfolio/holdings');
    expect((list.body as { holdings: Holding[] }).holdings).toEqual([h]);
  });

  it('keeps quantities and costs exact through the store (no float round trip)', async () => {
    const h = await create({ symbol: 'BTC-USD', quantity: '0.12345678', costPerShare: '99999999999.99999999' });
    expect(h).toMatchObject({ quantity: '0.12345678', costPerShare: '99999999999.99999999' });
  });

  it('values holdings from live ticks, falling back to stored ticks, with totals', async () => {
    await create({ symbol: 'AAPL', quantity: 10, costPerShare: '150.25' });
    await create({ symbol: 'MSFT', quantity: 3, costPerShare: '33.33' });
    await create({ symbol: 'ZZZZ', quantity: 1, costPerShare: 5 });
    api.live.ticks.set('AAPL', tick('AAPL', 160, { previousClose: 155 }));
    await store.ticks.insertMany([tick('MSFT', 33.33, { time: NOW_S - 20, previousClose: 33 })]);
    const res = await api.send('GET', '/api/portfolio');
    expect(res.status).toBe(200);
    const p = res.body as PortfolioResponse;
    expect(p.holdings.map((h) => [h.symbol, h.price, h.marketValue, h.dayChange, h.unrealizedPnl, h.weight, h.currency, h.stale])).toEqual([
      ['AAPL', '160', '1600.00', '50.00', '97.50', '94.12', 'USD', false],
      ['MSFT', '33.33', '99.99', '0.99', '0.00', '5.88', 'USD', false],
      ['ZZZZ', null, null, null, null, null, null, true],
    ]);
    expect(p.totals).toMatchObject({
      currency: 'USD', marketValue: '1699.99', costBasis: '1602.49', dayChange: '50.99', unrealizedPnl: '97.50', count: 2,
      excluded: [expect.objectContaining({ symbol: 'ZZZZ', reason: 'NO_QUOTE' })],
    });
    expect(p.asOf).toBe(NOW_S);
  });

  it('labels a holding in another currency and keeps it out of the USD totals', async () => {
    await create({ symbol: 'AAPL', quantity: 1, costPerShare: 100 });
    await create({ symbol: 'WSU.DE', quantity: 10, costPerShare: 40 });
    api.live.ticks.set('AAPL', tick('AAPL', 110));
    api.live.ticks.set('WSU.DE', tick('WSU.DE', 42.5, { currency: 'EUR' }));
    const p = (await api.send('GET', '/api/portfolio')).body as PortfolioResponse;
    expect(p.holdings[1]).toMatchObject({ symbol: 'WSU.DE', currency: 'EUR', marketValue: '425.00' });
    expect(p.totals).toMatchObject({ marketValue: '110.00', excluded: [expect.objectContaining({ symbol: 'WSU.DE', reason: 'OTHER_CURRENCY', currency: 'EUR' })] });
    expect(p.otherCurrencies).toEqual([expect.objectContaining({ currency: 'EUR', marketValue: '425.00' })]);
  });

  it('flags an old regular-session quote as stale', async () => {
    await create({ symbol: 'AAPL', quantity: 1, costPerShare: 100 });
    api.live.ticks.set('AAPL', tick('AAPL', 110, { time: NOW_S - 3600 }));
    const p = (await api.send('GET', '/api/portfolio')).body as PortfolioResponse;
    expect(p.holdings[0]).toMatchObject({ marketValue: '110.00', stale: true });
    expect(p.totals.stale).toBe(true);
  });

  it('updates any subset of a holding with PUT', async () => {
    const h = await create({ symbol: 'AAPL', quantity: 10, costPerShare: 150 });
    const res = await api.send('PUT', `/api/portfolio/holdings/${h.id}`, { quantity: '12.5', note: 'added more' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: h.id, symbol: 'AAPL', quantity: '12.5', costPerShare: '150', note: 'added more' });
  });

  it('deletes a holding with 204, then answers 404 for it', async () => {
    const h = await create({ symbol: 'AAPL', quantity: 1, costPerShare: 1 });
    expect((await api.send('DELETE', `/api/portfolio/holdings/${h.id}`)).status).toBe(204);
    const again = await api.send('DELETE', `/api/portfolio/holdings/${h.id}`);
    expect(again.status).toBe(404);
    expect(errorOf(again.body).code).toBe('HOLDING_NOT_FOUND');
    const put = await api.send('PUT', `/api/portfolio/holdings/${h.id}`, { quantity: 2 });
    expect(put.status).toBe(404);
    expect(errorOf(put.body)).toEqual({ code: 'HOLDING_NOT_FOUND', message: `No holding with id ${h.id}` });
  });

  it('polls held symbols too: the poller set follows every holdings change', async () => {
    api.poller.setSymbols(['AAPL', 'MSFT']);
    const h = await create({ symbol: 'TSLA', quantity: 1, costPerShare: 1 });
    expect(api.poller.symbols()).toEqual(['AAPL', 'MSFT', 'TSLA']);
    await create({ symbol: 'AAPL', quantity: 1, costPerShare: 1 });
    expect(api.poller.symbols()).toEqual(['AAPL', 'MSFT', 'TSLA']);
    await api.send('PUT', `/api/portfolio/holdings/${h.id}`, { symbol: 'eurusd=x' });
    expect(api.poller.symbols()).toEqual(['AAPL', 'MSFT', 'EURUSD=X']);
    await api.send('DELETE', `/api/portfolio/holdings/${h.id}`);
    expect(api.poller.symbols()).toEqual(['AAPL', 'MSFT']);
  });

  it.each([
    ['zero quantity', { symbol: 'AAPL', quantity: 0, costPerShare: 1 }, 'quantity', 'must be greater than zero'],
    ['negative cost', { symbol: 'AAPL', quantity: 1, costPerShare: -5 }, 'costPerShare', 'must be greater than zero'],
    ['NaN as text', { symbol: 'AAPL', quantity: 'NaN', costPerShare: 1 }, 'quantity', 'must be a plain decimal number, like 10 or 150.25'],
    ['Infinity as text', { symbol: 'AAPL', quantity: 1, costPerShare: 'Infinity' }, 'costPerShare', 'must be a plain decimal number, like 10 or 150.25'],
    ['an exponent', { symbol: 'AAPL', quantity: '1e3', costPerShare: 1 }, 'quantity', 'must be written without an exponent, like 150.25'],
    ['too many decimals', { symbol: 'AAPL', quantity: 1, costPerShare: '1.123456789' }, 'costPerShare', 'must have at most 8 decimal places'],
    ['a huge number', { symbol: 'AAPL', quantity: '10000000000000', costPerShare: 1 }, 'quantity', 'must be less than 1000000000000'],
    ['a bad symbol', { symbol: 'DROP TABLE', quantity: 1, costPerShare: 1 }, 'symbol', 'is not a ticker symbol'],
    ['a missing cost', { symbol: 'AAPL', quantity: 1 }, 'costPerShare', 'is required'],
    ['an empty symbol (a blank form field)', { symbol: '', quantity: 1, costPerShare: 1 }, 'symbol', 'is required'],
    ['a bad date', { symbol: 'AAPL', quantity: 1, costPerShare: 1, acquiredOn: '2024-13-01' }, 'acquiredOn', 'must be a date like 2024-03-15'],
  ])('answers 400 INVALID_HOLDING for %s, naming the field', async (_name, body, field, message) => {
    const res = await api.send('POST', '/api/portfolio/holdings', body);
    expect(res.status).toBe(400);
    const err = errorOf(res.body);
    expect(err.code).toBe('INVALID_HOLDING');
    expect(err.fields?.[field]).toBe(message);
    expect(err.message).toContain(`${field} ${message}`);
  });

  it('answers 400 for Infinity and exponent JSON literals, bad JSON and non-object bodies', async () => {
    const huge = await api.send('POST', '/api/portfolio/holdings', '{"symbol":"AAPL","quantity":1e400,"costPerShare":1}');
    expect(errorOf(huge.body).fields?.quantity).toBe('must be a finite number');
    const tiny = await api.send('POST', '/api/portfolio/holdings', '{"symbol":"AAPL","quantity":1e-7,"costPerShare":1}');
    expect(errorOf(tiny.body).fields?.quantity).toMatch(/exponent/);
    const bad = await api.send('POST', '/api/portfolio/holdings', '{"symbol":');
    expect([bad.status, errorOf(bad.body).code]).toEqual([400, 'BAD_JSON']);
    const arr = await api.send('POST', '/api/portfolio/holdings', [1, 2]);
    expect([arr.status, errorOf(arr.body).code]).toEqual([400, 'INVALID_HOLDING']);
    const form = await api.send('POST', '/api/portfolio/holdings', undefined, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const empty = await api.send('PUT', '/api/portfolio/holdings/1', {});
    expect([empty.status, errorOf(empty.body).code]).toEqual([400, 'INVALID_HOLDING']);
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999', '3000000000'])('answers 400 INVALID_ID for the id %s', async (id) => {
    for (const method of ['PUT', 'DELETE']) {
      const res = await api.send(method, `/api/portfolio/holdings/${id}`, method === 'PUT' ? { quantity: 1 } : undefined);
      expect([res.status, errorOf(res.body).code]).toEqual([400, 'INVALID_ID']);
    }
  });

  it('needs the bearer token for writes when API_TOKEN is set, not for reads', async () => {
    const body = { symbol: 'AAPL', quantity: 1, costPerShare: 1 };
    const none = await guarded.send('POST', '/api/portfolio/holdings', body);
    expect([none.status, errorOf(none.body).code]).toEqual([401, 'UNAUTHORIZED']);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await guarded.send('POST', '/api/portfolio/holdings', body, { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const basic = await guarded.send('DELETE', '/api/portfolio/holdings/1', undefined, { authorization: `Basic ${TOKEN}` });
    expect(basic.status).toBe(401);
    const ok = await guarded.send('POST', '/api/portfolio/holdings', body, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(201);
    const id = (ok.body as Holding).id;
    expect((await guarded.send('PUT', `/api/portfolio/holdings/${id}`, { quantity: 2 })).status).toBe(401);
    expect((await guarded.send('GET', '/api/portfolio')).status).toBe(200);
    expect((await guarded.send('DELETE', `/api/portfolio/holdings/${id}`, undefined, { authorization: `Bearer ${TOKEN}` })).status).toBe(204);
  });

  it('refuses cross-site writes with 403 and allows same-origin and ALLOWED_ORIGINS ones', async () => {
    const body = { symbol: 'AAPL', quantity: 1, costPerShare: 1 };
    const auth = { authorization: `Bearer ${TOKEN}` };
    const evil = await guarded.send('POST', '/api/portfolio/holdings', body, { ...auth, origin: 'https://evil.example' });
    expect([evil.status, errorOf(evil.body).code]).toEqual([403, 'CROSS_SITE_WRITE']);
    const fetchSite = await api.send('DELETE', '/api/portfolio/holdings/1', undefined, { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    const nullOrigin = await api.send('POST', '/api/portfolio/holdings', body, { origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const same = await api.send('POST', '/api/portfolio/holdings', body, { origin: api.url, 'sec-fetch-site': 'same-origin' });
    expect(same.status).toBe(201);
    const listed = await guarded.send('POST', '/api/portfolio/holdings', body, { ...auth, origin: 'https://dash.example.com' });
    expect(listed.status).toBe(201);
  });

  it('seeds PORTFOLIO only into an empty table', async () => {
    const ctx = { ...api.ctx, config: testConfig({ PORTFOLIO: 'AAPL:10@150.25,MSFT:0.5@310' }) };
    expect(await seedPortfolio(ctx)).toBe(2);
    expect(await seedPortfolio(ctx)).toBe(0);
    const rows = (await api.send('GET', '/api/portfolio/holdings')).body as { holdings: Holding[] };
    expect(rows.holdings.map((h) => [h.symbol, h.quantity, h.costPerShare])).toEqual([['AAPL', '10', '150.25'], ['MSFT', '0.5', '310']]);
  });

  // The valuation rule is unit-tested with a fake store (src/portfolio/*.test.ts); this checks it reads real stored bars.
  it.skipIf(kind.name !== 'PGlite')('serves the value over a range from stored bars against the benchmark, and 400s a bad range', async () => {
    await create({ symbol: 'AAPL', quantity: 10, costPerShare: 100 });
    api.live.ticks.set('AAPL', tick('AAPL', 110));
    const bar = (symbol: string, time: number, close: number) => ({ symbol, time, open: close, high: close, low: close, close, volume: 1 });
    const [h1, h2] = [NOW_S - 2 * 86_400, NOW_S - 86_400].map((t) => t - (t % 3600));
    await store.candles.upsertMany([bar('AAPL', h1!, 100), bar('AAPL', h2!, 110), bar('SPY', h1!, 500), bar('SPY', h2!, 505)]);
    const res = await api.send('GET', '/api/portfolio/history?range=1w&benchmark=spy');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as PortfolioHistoryResponse;
    expect(body.interval).toBe('1h');
    expect(body.points.map((p) => [p.time, p.value, Math.round(p.percent)])).toEqual([[h1, 1000, 0], [h2, 1100, 10]]);
    expect(body.benchmark.symbol).toBe('SPY');
    expect(body.benchmark.points.map((p) => Math.round(p.percent))).toEqual([0, 1]);
    const bad = await api.send('GET', '/api/portfolio/history?range=2y');
    expect([bad.status, errorOf(bad.body).code]).toEqual([400, 'INVALID_RANGE']);
    expect(errorOf(bad.body).message).toBe('range must be one of 1d, 1w, 1m, 1y, max, got "2y"');
    const badSymbol = await api.send('GET', '/api/portfolio/history?benchmark=no%20such');
    expect([badSymbol.status, errorOf(badSymbol.body).code]).toEqual([400, 'INVALID_SYMBOL']);
  });

  it('answers unknown portfolio routes with a JSON 404', async () => {
    const res = await api.send('GET', '/api/portfolio/nope');
    expect([res.status, errorOf(res.body).code]).toEqual([404, 'NOT_FOUND']);
  });
});
