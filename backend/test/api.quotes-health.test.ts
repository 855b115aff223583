import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SourceStatus, Tick } from '@tickstream/shared';
import type { Store } from '../src/store/types.ts';
import { openMemoryStore } from './support/memory-store.ts';
import { overallState } from '../src/routes/health.ts';
import { tick } from './store-conformance.ts';
import { startApp, type Running } from './api-harness.ts';

const T0 = Date.UTC(2024, 4, 10, 15, 0) / 1000;
let clock = T0 * 1000;
let store: Store;
let api: Running;

beforeAll(async () => {
  store = await openMemoryStore();
  await store.ticks.insertMany([tick('AAPL', T0 - 60, 180), tick('AAPL', T0, 181), tick('MSFT', T0 - 30, 410), tick('TSLA', T0, 170)]);
  api = await startApp(store, { now: () => clock, env: { WATCHLIST: 'AAPL,MSFT,NVDA' } });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('GET /api/quotes', () => {
  it('returns the latest stored tick of each polled symbol, in watchlist order, with the source status', async () => {
    const { status, body } = await api.get('/api/quotes');
    expect(status).toBe(200);
    const quotes = body.quotes as Tick[];
    expect(quotes.map((q) => [q.symbol, q.price])).toEqual([
      ['AAPL', 181],
      ['MSFT', 410],
    ]);
    expect(quotes[0]).toEqual(tick('AAPL', T0, 181));
    expect((body.status as SourceStatus).state).toMatch(/^(ok|degraded|down)$/);
  });
});

describe('GET /api/health', () => {
  it('reports the database, the source and the poller, with status ok|degraded by the source', async () => {
    clock = (T0 + 90) * 1000;
    const { status, body } = await api.get('/api/health');
    expect(status).toBe(200);
    expect(body.db).toEqual({ ok: true, kind: 'pglite', timescale: false });
    const source = body.source as SourceStatus;
    expect(body.status).toBe(overallState(true, source));
    expect(body).toMatchObject({ lastPollAtMs: source.lastSuccessAtMs, backfill: source.backfill });
    expect(typeof body.pendingWrites).toBe('number');
    expect(typeof body.leader).toBe('boolean');
    expect(body.uptimeSeconds).toBe(90);
  });
});

describe('with the database down', () => {
  beforeAll(async () => {
    // A live tick newer than anything stored, then the store goes away.
    await api.app.live.publisher.publish({ ticks: [tick('MSFT', T0 + 60, 415)], candles: [] });
    await store.close();
  });

  it('serves quotes from live memory', async () => {
    await vi.waitFor(async () => {
      const { status, body } = await api.get('/api/quotes');
      expect(status).toBe(200);
      expect((body.quotes as Tick[]).map((q) => [q.symbol, q.price])).toEqual([['MSFT', 415]]);
    });
  });

  it('reports the outage in /api/health and answers 503 only when nothing is live', async () => {
    const { status, body } = await api.get('/api/health');
    const source = body.source as SourceStatus;
    expect(body.db).toMatchObject({ ok: false, kind: 'pglite', error: expect.any(String) });
    expect(body.status).toBe(overallState(false, source));
    expect(status).toBe(body.status === 'down' ? 503 : 200);
  });

  it('answers history requests with 503 STORE_UNAVAILABLE', async () => {
    const { status, body } = await api.get('/api/history?symbol=AAPL');
    expect(status).toBe(503);
    expect(body).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } });
  });
});
