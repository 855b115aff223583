// The watchlist, search and any-symbol API on the real app over the simulated market (whose
// catalogue decides which symbols exist), on PGlite and on the PostgreSQL server. Every answer is
// checked against the OpenAPI document (checkContract).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Watchlist, WatchlistsResponse } from '@tickstream/shared';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import { createSource } from '../src/sources/index.ts';
import { openPostgresStore } from '../src/store/index.ts';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { checkContract } from './support/contract.ts';
import { TEST_DATABASE_URL, createTestDatabase, testConfig } from './support/services.ts';
import { connect } from './live-helpers.ts';

const TOKEN = 'test-token-0123456789';

/** The fields these tests read from any answer (each answer has some of them). */
interface Answer {
  error: { code: string; message: string; fields: Record<string, string> };
  id: number;
  name: string;
  symbols: string[];
  query: string;
  results: Array<{ symbol: string }>;
  backfilling?: boolean;
  candles: unknown[];
}

interface Api {
  app: App;
  url: string;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Answer; headers: Headers }>;
  close(): Promise<void>;
}

async function start(store: Store, env: Record<string, string> = {}): Promise<Api> {
  const config = testConfig({ WATCHLIST: 'AAPL,MSFT', API_TOKEN: TOKEN, BACKFILL_DAYS: '1', ...env });
  const logger = pino({ level: 'silent' });
  const bus = await createBus(config.redis, logger);
  const source = createSource(config.source, logger);
  const app = createApp({ config, store, source, bus, logger });
  const { port } = await app.listen(0);
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    async send(method, path, body, headers = { authorization: `Bearer ${TOKEN}` }) {
      const res = await fetch(url + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      checkContract({ method, path, status: res.status, contentType: res.headers.get('content-type') ?? '', body: text });
      return { status: res.status, body: (text ? JSON.parse(text) : null) as Answer, headers: res.headers };
    },
    async close() {
      await app.close();
      await bus.close();
    },
  };
}

const STORES: Array<{ name: string; open: (() => Promise<{ store: Store; drop: () => Promise<void> }>) | null }> = [
  { name: 'PGlite', open: async () => ({ store: await openMemoryStore(), drop: async () => {} }) },
  {
    name: 'PostgreSQL server',
    open: TEST_DATABASE_URL
      ? async () => {
          const db = await createTestDatabase(TEST_DATABASE_URL as string);
          return { store: await openPostgresStore(db.url), drop: () => db.drop() };
        }
      : null,
  },
];

describe.each(STORES)('watchlists, search and any symbol on $name', ({ open }) => {
  if (!open) {
    it.skip('needs its server URL');
    return;
  }
  let opened: { store: Store; drop: () => Promise<void> };
  let api: Api;
  beforeAll(async () => {
    opened = await open();
    api = await start(opened.store);
  });
  afterAll(async () => {
    await api?.close();
    await opened?.store.close();
    await opened?.drop();
  });

  const create = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await api.send('POST', '/api/watchlists', { name, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as unknown as Watchlist;
  };

  it('lists the WATCHLIST env list first, read-only, with the limits', async () => {
    const { status, body } = await api.send('GET', '/api/watchlists');
    expect(status).toBe(200);
    const answer = body as unknown as WatchlistsResponse;
    expect(answer.watchlists[0]).toMatchObject({ id: 0, symbols: ['AAPL', 'MSFT'], source: 'env', readOnly: true });
    expect(answer.limits).toEqual({ maxLists: 50, maxSymbolsPerList: 200, maxSymbols: 500 });
    expect(answer.trackedSymbols).toBeGreaterThanOrEqual(2);
  });

  it('creates a list (201 + Location), reads it back, and refuses a name already taken in any case', async () => {
    const res = await api.send('POST', '/api/watchlists', { name: 'Crypto', symbols: ['btc-usd', 'ETH-USD'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/watchlists/${res.body.id}`);
    expect(res.body).toMatchObject({ name: 'Crypto', symbols: ['BTC-USD', 'ETH-USD'], source: 'user', readOnly: false });
    expect((await api.send('GET', `/api/watchlists/${res.body.id}`)).body).toEqual(res.body);
    const again = await api.send('POST', '/api/watchlists', { name: 'crypto' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WATCHLIST_NAME_TAKEN');
  });

  it('copies the env list into an editable list', async () => {
    const copy = await create('My default', { copyFrom: 'env' });
    expect(copy.symbols).toEqual(['AAPL', 'MSFT']);
    expect(copy.readOnly).toBe(false);
  });

  it('adds (at the end or a position), reorders and removes symbols; the poller follows the union', async () => {
    const list = await create('Edits');
    let res = await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'xom' });
    expect(res.body.symbols).toEqual(['XOM']);
    res = await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'SPY', position: 0 });
    expect(res.body.symbols).toEqual(['SPY', 'XOM']);
    expect(api.app.poller.symbols()).toEqual(expect.arrayContaining(['SPY', 'XOM', 'AAPL']));
    // Adding one already there changes nothing.
    res = await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'XOM' });
    expect(res.body.symbols).toEqual(['SPY', 'XOM']);
    res = await api.send('PUT', `/api/watchlists/${list.id}/symbols`, { symbols: ['XOM', 'SPY'] });
    expect(res.body.symbols).toEqual(['XOM', 'SPY']);
    res = await api.send('PUT', `/api/watchlists/${list.id}/symbols`, { symbols: ['XOM'] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('WATCHLIST_ORDER_MISMATCH');
    res = await api.send('DELETE', `/api/watchlists/${list.id}/symbols/XOM`);
    expect(res.body.symbols).toEqual(['SPY']);
    expect(api.app.poller.symbols()).not.toContain('XOM');
  });

  it('refuses a symbol the quote source does not know with 404 SYMBOL_NOT_FOUND', async () => {
    const list = await create('Unknowns');
    const res = await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'NOSUCH1' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('SYMBOL_NOT_FOUND');
    const made = await api.send('POST', '/api/watchlists', { name: 'Bad seed', symbols: ['AAPL', 'NOSUCH2'] });
    expect(made.status).toBe(404);
  });

  it('renames and deletes a list; afterwards it is not found', async () => {
    const list = await create('Temp');
    const renamed = await api.send('PATCH', `/api/watchlists/${list.id}`, { name: '  Renamed  ' });
    expect(renamed.body.name).toBe('Renamed');
    expect((await api.send('DELETE', `/api/watchlists/${list.id}`)).status).toBe(204);
    const gone = await api.send('GET', `/api/watchlists/${list.id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('WATCHLIST_NOT_FOUND');
  });

  it('answers every write to the env list with 409 WATCHLIST_READ_ONLY', async () => {
    for (const [method, path, body] of [
      ['PATCH', '/api/watchlists/0', { name: 'x' }],
      ['DELETE', '/api/watchlists/0', undefined],
      ['POST', '/api/watchlists/0/symbols', { symbol: 'XOM' }],
      ['PUT', '/api/watchlists/0/symbols', { symbols: ['MSFT', 'AAPL'] }],
      ['DELETE', '/api/watchlists/0/symbols/AAPL', undefined],
    ] as const) {
      const res = await api.send(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(409);
      expect(res.body.error.code).toBe('WATCHLIST_READ_ONLY');
    }
  });

  it('validates bodies and ids with per-field messages', async () => {
    const res = await api.send('POST', '/api/watchlists', { name: '', symbols: ['not a symbol'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_WATCHLIST');
    expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['name', 'symbols.0']));
    expect((await api.send('GET', '/api/watchlists/abc')).body.error.code).toBe('INVALID_ID');
    expect((await api.send('GET', '/api/watchlists/999999')).status).toBe(404);
  });

  it('guards writes like the portfolio: the token when API_TOKEN is set, and the same site', async () => {
    const noToken = await api.send('POST', '/api/watchlists', { name: 'Nope' }, {});
    expect(noToken.status).toBe(401);
    const crossSite = await api.send('POST', '/api/watchlists', { name: 'Nope' }, { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('CROSS_SITE_WRITE');
    expect((await api.send('GET', '/api/watchlists', undefined, {})).status).toBe(200);
  });

  it('searches the catalogue: "apple" and "btc" find AAPL and BTC-USD; q is validated', async () => {
    const apple = await api.send('GET', '/api/search?q=Apple');
    expect(apple.status).toBe(200);
    expect(apple.body.query).toBe('apple');
    expect(apple.body.results[0]).toEqual({ symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', type: 'EQUITY' });
    expect((await api.send('GET', '/api/search?q=btc')).body.results[0]?.symbol).toBe('BTC-USD');
    const empty = await api.send('GET', '/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('INVALID_QUERY');
    expect((await api.send('GET', `/api/search?q=${'x'.repeat(65)}`)).status).toBe(400);
    expect((await api.send('GET', '/api/search')).status).toBe(400);
  });

  it('serves the history of a symbol in no list: 404 SYMBOL_NOT_FOUND when unknown, else followed and backfilled', async () => {
    const unknown = await api.send('GET', '/api/history?symbol=NOSUCH3');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('SYMBOL_NOT_FOUND');
    expect(api.app.poller.symbols()).not.toContain('NOSUCH3');

    const first = await api.send('GET', '/api/history?symbol=KO');
    expect(first.status).toBe(200);
    expect(first.body.backfilling).toBe(true);
    expect(api.app.poller.symbols()).toContain('KO');
    // The backfill runs on this (leading) instance; the history arrives, announced in backfill.symbols meanwhile.
    await expect.poll(async () => (await api.send('GET', '/api/history?symbol=KO')).body.candles.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => api.app.poller.status().backfill.symbols ?? [], { timeout: 15_000 }).not.toContain('KO');
  });

  it('tells a live client about a symbol the source does not know, follows the rest, and sends watchlist changes', async () => {
    const client = await connect(`${api.url.replace('http', 'ws')}/ws`);
    client.send({ type: 'subscribe', symbols: ['AAPL', 'NOSUCH4', 'PEP'] });
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'SYMBOL_NOT_FOUND', symbols: ['NOSUCH4'] });
    expect((await client.next('subscribed')).symbols).toEqual(['AAPL', 'PEP']);
    expect(api.app.poller.symbols()).toContain('PEP');
    const list = await create('Live one');
    const message = await client.next('watchlists', 3000, (m) => m.change.kind === 'upsert' && m.change.watchlist.id === list.id);
    expect(message.change).toMatchObject({ kind: 'upsert', watchlist: { name: 'Live one', symbols: [] } });
    await api.send('DELETE', `/api/watchlists/${list.id}`);
    await client.next('watchlists', 3000, (m) => m.change.kind === 'delete' && m.change.id === list.id);
    await client.close();
  });
});

describe('limits', () => {
  let store: Store;
  let api: Api;
  beforeAll(async () => {
    store = await openMemoryStore();
    api = await start(store, { MAX_SYMBOLS: '3', SEARCH_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    await api?.close();
    await store?.close();
  });

  it('refuses a symbol beyond MAX_SYMBOLS with 409 SYMBOL_LIMIT_REACHED naming it, in lists and on first view', async () => {
    const list = (await api.send('POST', '/api/watchlists', { name: 'Cap', symbols: ['XOM'] })).body as unknown as Watchlist;
    const res = await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'CVX' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'SYMBOL_LIMIT_REACHED', message: expect.stringContaining('MAX_SYMBOLS') });
    expect((await api.send('GET', '/api/history?symbol=CVX')).body.error.code).toBe('SYMBOL_LIMIT_REACHED');
    // Symbols already followed are fine.
    expect((await api.send('POST', `/api/watchlists/${list.id}/symbols`, { symbol: 'AAPL' })).status).toBe(200);
    // Holdings count too: a new held symbol is admitted like a listed one.
    const holding = await api.send('POST', '/api/portfolio/holdings', { symbol: 'CVX', quantity: '1', costPerShare: '100' });
    expect(holding.status).toBe(409);
    expect(holding.body.error.code).toBe('SYMBOL_LIMIT_REACHED');
    expect((await api.send('POST', '/api/portfolio/holdings', { symbol: 'XOM', quantity: '1', costPerShare: '100' })).status).toBe(201);
  });

  it('refuses a holding of a symbol the quote source does not know', async () => {
    const res = await api.send('POST', '/api/portfolio/holdings', { symbol: 'NOSUCH5', quantity: '1', costPerShare: '1' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('SYMBOL_NOT_FOUND');
  });

  it('rate-limits search per client with 429 SEARCH_RATE_LIMITED and Retry-After', async () => {
    expect((await api.send('GET', '/api/search?q=a')).status).toBe(200);
    expect((await api.send('GET', '/api/search?q=b')).status).toBe(200);
    const limited = await api.send('GET', '/api/search?q=c');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('SEARCH_RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses a 51st list with 409 TOO_MANY_WATCHLISTS', async () => {
    const have = ((await api.send('GET', '/api/watchlists')).body as unknown as WatchlistsResponse).watchlists.filter((w) => !w.readOnly).length;
    for (let i = have; i < 50; i++) expect((await api.send('POST', '/api/watchlists', { name: `L${i}` })).status).toBe(201);
    const res = await api.send('POST', '/api/watchlists', { name: 'One too many' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('TOO_MANY_WATCHLISTS');
  });
});
