// A real PostgreSQL outage seen through the REST API: the app talks to the database through a TCP
// proxy this test cuts, so every connection is dropped and every new one refused. Each endpoint that
// needs the database must answer 503 STORE_UNAVAILABLE (the documented code), never STORE_QUERY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../src/store/index.ts';
import type { Store } from '../src/store/types.ts';
import { TEST_DATABASE_URL, createTestDatabase } from './support/services.ts';
import { startTcpProxy, type TcpProxy } from './fixtures/tcp-proxy.ts';
import { startApp, type Running } from './api-harness.ts';

const suite = TEST_DATABASE_URL ? describe : describe.skip;

suite('REST API while PostgreSQL refuses connections', () => {
  let db: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let store: Store;
  let api: Running;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    store = await openPostgresStore(viaProxy.toString());
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
