// Real PostgreSQL outages seen through the REST API: the connection cut (a TCP proxy this test cuts,
// so every connection is dropped and every new one refused), and the server itself turning
// connections to the database away. Each is STORE_UNAVAILABLE, in the store (so rows queue and
// start-up retries) and over HTTP (503, the documented code), never STORE_QUERY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { TEST_DATABASE_URL, createTestDatabase } from './support/services.ts';
import { proxyUrl, type TcpProxy } from './fixtures/tcp-proxy.ts';
import { startApp, type Running } from './api-harness.ts';

const suite = TEST_DATABASE_URL ? describe : describe.skip;

suite('REST API while PostgreSQL refuses connections', () => {
  let db: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let store: Store;
  let api: Running;

  beforeAll(async () => {
    db = await createTestDatabase();
    const proxied = await proxyUrl(db.url, 5432);
    proxy = proxied.proxy;
    store = await openPostgresStore(proxied.url);
    api = await startApp(store, { env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '0' } });
    await proxy.cut();
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
    await proxy?.close();
    await db?.drop();
  });

  it.each(['/api/history?symbol=AAPL', '/api/portfolio', '/api/portfolio/holdings'])('answers GET %s with 503 STORE_UNAVAILABLE', async (path) => {
    const { status, body } = await api.get(path);
    expect({ status, body }).toEqual({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } } });
  });

  it('answers a portfolio write with 503 STORE_UNAVAILABLE', async () => {
    const res = await fetch(`${api.url}/api/portfolio/holdings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', quantity: '1', costPerShare: '100' }),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } } });
  });
});

suite('REST API while the PostgreSQL server refuses connections to the database', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let api: Running;
  const name = () => new URL(db.url).pathname.slice(1);
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = await openPostgresStore(db.url);
    api = await startApp(store, { env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '0' } });
    // The server is up but turns every new connection to this database away (55000), and the
    // pooled ones are gone: what an administrator closing the database for maintenance does.
    await admin(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name()}'`);
  });

  afterAll(async () => {
    await api?.close();
    await store?.close();
    await admin(`ALTER DATABASE ${name()} ALLOW_CONNECTIONS true`).catch(() => {});
    await db?.drop();
  });

  it('classifies the refusal as STORE_UNAVAILABLE, so the poller queues rows and start-up retries', async () => {
    const err = (await store.ticks.latest(['AAPL']).catch((e: unknown) => e)) as { code?: string };
    expect(err.code).toBe('STORE_UNAVAILABLE');
  });

  it('answers GET /api/history with 503 STORE_UNAVAILABLE', async () => {
    const { status, body } = await api.get('/api/history?symbol=AAPL');
    expect({ status, body }).toEqual({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } } });
  });
});
