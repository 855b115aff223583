// The one time convention on the wire (README, API): every instant is a number of unix seconds,
// unless its field name ends in `Ms`, which is unix milliseconds. Checked on what the real app sends
// over REST and WebSocket after a poll, field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { startApp, type Running } from './api-harness.ts';
import { connect, eventually } from './live-helpers.ts';

/** Names that hold an instant: `time`, `…At`, `…Time`, `asOf` (durations end in Seconds/Ms and are not instants). */
const INSTANT = /^(time|asOf|.*At|.*Time)$/;
/** Unix seconds are below 1e11 until the year 5138; unix milliseconds are above it since 1973. */
const SECONDS_BELOW = 1e11;

function offences(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => offences(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = `${path}.${key}`;
    const own: string[] = [];
    if (key.endsWith('Ms') && v !== null && !(typeof v === 'number' && v >= SECONDS_BELOW)) own.push(`${here} = ${String(v)} is not unix ms`);
    if (INSTANT.test(key) && v !== null && !(typeof v === 'number' && Number.isInteger(v) && v < SECONDS_BELOW)) own.push(`${here} = ${JSON.stringify(v)} is not unix seconds`);
    return [...own, ...offences(v, here)];
  });
}

let store: Store;
let api: Running;

beforeAll(async () => {
  store = await openMemoryStore();
  api = await startApp(store, { env: { WATCHLIST: 'AAPL', POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '0' } });
  await eventually(async () => {
    const { body } = await api.get('/api/quotes');
    return Object.values(body.status as Record<string, unknown>).some((v) => typeof v === 'number');
  }, 5000);
  const res = await fetch(`${api.url}/api/portfolio/holdings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ symbol: 'AAPL', quantity: '1', costPerShare: '100' }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('every instant on the wire', () => {
  it.each(['/api/quotes', '/api/health', '/api/portfolio', '/api/portfolio/holdings'])('is unix seconds, or unix ms when named …Ms, in GET %s', async (path) => {
    const { status, body } = await api.get(path);
    expect(status).toBe(200);
    expect(offences(body)).toEqual([]);
  });

  it('is unix seconds, or unix ms when named …Ms, in WebSocket welcome, snapshot and pong', async () => {
    const c = await connect(api.url.replace('http', 'ws') + '/ws');
    c.send({ type: 'subscribe', symbols: ['AAPL'] });
    c.send({ type: 'ping', id: 1 });
    const messages = [await c.next('welcome'), await c.next('snapshot'), await c.next('pong')];
    await c.close();
    expect(offences(messages)).toEqual([]);
  });

  it('names the source status and health times with their unit', async () => {
    const { body } = await api.get('/api/health');
    expect(body).toHaveProperty('lastPollAtMs');
    expect(Object.keys(body.source as object)).toEqual(expect.arrayContaining(['lastSuccessAtMs', 'nextAttemptAtMs']));
  });
});
