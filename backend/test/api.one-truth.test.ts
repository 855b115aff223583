// One endpoint, one answer: the latency metric names a route the same way whatever its status, and a
// WebSocket snapshot carries the same current source status as /api/quotes (not the last one
// published, which only changes when the state does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { startApp, type Running } from './api-harness.ts';
import { connect, eventually } from './live-helpers.ts';

let store: Store;
let api: Running;

beforeAll(async () => {
  store = await openMemoryStore();
  api = await startApp(store, { env: { WATCHLIST: 'AAPL', POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '0' } });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('tickstream_http_request_duration_seconds', () => {
  it('labels a route by its full path on success and on error alike', async () => {
    expect((await api.get('/api/history?symbol=AAPL')).status).toBe(200);
    expect((await api.get('/api/history?symbol=AA$PL')).status).toBe(400);
    expect((await fetch(`${api.url}/api/portfolio/holdings/999999`, { method: 'DELETE' })).status).toBe(404);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    const series = new Set([...text.matchAll(/^tickstream_http_request_duration_seconds_count\{([^}]*)\}/gm)].map((m) => m[1] ?? ''));
    const routeOf = (status: string, path: RegExp) => [...series].filter((s) => s.includes(`status="${status}"`) && path.test(s)).map((s) => /route="([^"]*)"/.exec(s)?.[1]);
    expect(routeOf('200', /history/)).toEqual(['/api/history']);
    expect(routeOf('400', /history/)).toEqual(['/api/history']);
    expect(routeOf('404', /holdings/)).toEqual(['/api/portfolio/holdings/:id']);
  });
});

describe('the WebSocket snapshot', () => {
  it('carries the current source status, as /api/quotes does', async () => {
    const quotesStatus = async () => ((await api.get('/api/quotes')).body.status as SourceStatus);
    // Wait past the first poll (whose status is published) to one that changes only lastSuccessAtMs.
    const first = await (async () => {
      await eventually(async () => (await quotesStatus()).lastSuccessAtMs !== null, 5000);
      return (await quotesStatus()).lastSuccessAtMs ?? 0;
    })();
    await eventually(async () => ((await quotesStatus()).lastSuccessAtMs ?? 0) > first, 5000);
    const before = (await quotesStatus()).lastSuccessAtMs ?? 0;

    const c = await connect(api.url.replace('http', 'ws') + '/ws');
    c.send({ type: 'subscribe', symbols: ['AAPL'] });
    const snapshot = await c.next('snapshot');
    await c.close();
    expect(snapshot.status?.lastSuccessAtMs).toBeGreaterThanOrEqual(before);
  });
});
