import { request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createMetrics } from '../../metrics.ts';
import { createConnectionLimiter } from './access.ts';
import type { Sessions } from '../core/session.ts';
import { createSse, type SseEndpoint } from './sse.ts';

const KEEP_ALIVE = ': keep-alive\n\n';

const sessions: Sessions = { subscribe: async () => undefined, unsubscribe: () => undefined };

/** Reads a stream's raw text as it arrives. */
function open(port: number): Promise<{ text: () => string; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/stream?symbols=AAPL' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      resolve({ text: () => text, res });
    });
    req.on('error', reject);
    req.end();
  });
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
}

describe('SSE keep-alive', () => {
  let server: Server;
  let sse: SseEndpoint;
  let port: number;

  beforeEach(async () => {
    // Only the intervals are fake: sockets and their callbacks run for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const config = loadConfig({ QUOTE_SOURCE: 'simulated', LOG_LEVEL: 'silent', WATCHLIST: 'AAPL' });
    const ctx = { config, logger: pino({ level: 'silent' }), metrics: createMetrics(), now: Date.now };
    let id = 0;
    sse = createSse({
      ...ctx,
      sessions,
      limiter: createConnectionLimiter(100),
      ready: Promise.resolve(),
      welcome: () => ({ type: 'welcome', epoch: 'e', offset: 0, serverTimeMs: 0, watchlist: ['AAPL'], limits: { maxSymbols: 10, maxPayload: 4096 } }),
      epoch: () => 'e',
      nextId: () => ++id,
      onClose: () => undefined,
    });
    const app = express();
    app.get('/api/stream', sse.handler);
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    sse.close();
    vi.useRealTimers();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('writes a comment line to every open stream every 15 seconds and none before', async () => {
    const a = await open(port);
    const b = await open(port);
    await until(() => a.text().includes('event: welcome') && b.text().includes('event: welcome'));

    vi.advanceTimersByTime(14_999);
    // Long enough for a written comment to cross loopback (setTimeout is not faked).
    await new Promise((r) => setTimeout(r, 50));
    expect(a.text()).not.toContain(KEEP_ALIVE);

    vi.advanceTimersByTime(1);
    await until(() => a.text().endsWith(KEEP_ALIVE) && b.text().endsWith(KEEP_ALIVE));

    vi.advanceTimersByTime(15_000);
    await until(() => a.text().split(KEEP_ALIVE).length === 3 && b.text().split(KEEP_ALIVE).length === 3);
  });

  it('stops writing comments to a stream once it is closed', async () => {
    const a = await open(port);
    const b = await open(port);
    await until(() => a.text().includes('event: welcome') && b.text().includes('event: welcome'));
    a.res.destroy();
    await new Promise((r) => setTimeout(r, 50));

    expect(() => vi.advanceTimersByTime(15_000)).not.toThrow();
    await until(() => b.text().endsWith(KEEP_ALIVE));
    expect(a.text()).not.toContain(KEEP_ALIVE);
  });
});
