// Responses are compressed for clients that accept it, except the SSE stream and tiny answers.
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../src/store/types.ts';
import { openMemoryStore } from './support/memory-store.ts';
import { makeCandle } from './fixtures/factories.ts';
import { startApp, type Running } from './api-harness.ts';

const T0 = Date.UTC(2024, 4, 10, 14, 0) / 1000;
let store: Store;
let api: Running;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with explicit headers; resolves with the first bytes when `firstChunkOnly`. */
function raw(path: string, headers: Record<string, string>, firstChunkOnly = false): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(api.url + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (firstChunkOnly) {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          req.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  store = await openMemoryStore();
  const bars = Array.from({ length: 60 }, (_, i) => makeCandle({ symbol: 'AAPL', time: T0 + i * 60, open: 180, high: 181 + i / 10, low: 179, close: 180 + i / 10 }));
  await store.candles.upsertMany(bars);
  api = await startApp(store, { env: { WATCHLIST: 'AAPL' } });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
});

describe('response compression', () => {
  const history = `/api/history?symbol=AAPL&interval=1m&from=${T0}&to=${T0 + 3600}`;

  it('gzips a history answer for a client that accepts gzip, and the JSON is unchanged', async () => {
    const plain = await raw(history, {});
    const zipped = await raw(history, { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('leaves answers under 1 KB as they are', async () => {
    const res = await raw('/api/history?symbol=ZZZZ&interval=1m', { 'Accept-Encoding': 'gzip' });
    expect(res.body.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses the SSE stream, so each event reaches the client when it is written', async () => {
    const res = await raw('/api/stream?symbols=AAPL', { 'Accept-Encoding': 'gzip, br', Accept: 'text/event-stream' }, true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toMatch(/^(retry|event|id|data|):/m);
  });

  it('does not compress the SSE stream for a client that sends no Accept header', async () => {
    const res = await raw('/api/stream?symbols=AAPL', { 'Accept-Encoding': 'gzip' }, true);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
