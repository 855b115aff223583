import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { Context } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createMetrics } from '../metrics.ts';
import { createConnectionLimiter } from './access.ts';
import { createHub } from './hub.ts';
import type { Sessions } from './session.ts';
import { createWsGateway, type WsGateway } from './ws-gateway.ts';

const sessions: Sessions = { subscribe: async () => undefined, unsubscribe: () => undefined };

interface Peer {
  id: number;
  ws: WebSocket;
  pings: number;
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('WebSocket heartbeat', () => {
  let server: Server;
  let gateway: WsGateway;
  let url: string;
  let lastId: number;

  beforeEach(async () => {
    // Only the intervals are fake: sockets and their callbacks run for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const config = loadConfig({ QUOTE_SOURCE: 'simulated', LOG_LEVEL: 'silent', WATCHLIST: 'AAPL', WS_HEARTBEAT_SECONDS: '3' });
    const metrics = createMetrics();
    const ctx = { config, logger: pino({ level: 'silent' }), metrics, now: Date.now } as unknown as Context;
    lastId = 0;
    gateway = createWsGateway({
      ctx,
      hub: createHub({ metrics, slowClientBytes: 1 << 20, now: Date.now }),
      sessions,
      limiter: createConnectionLimiter(100),
      ready: Promise.resolve(),
      welcome: () => ({ type: 'welcome', epoch: 'e', offset: 0, serverTime: 0, watchlist: ['AAPL'], limits: { maxSymbols: 10, maxPayload: 4096 } }),
      nextId: () => ++lastId,
    });
    server = createServer();
    gateway.attach(server);
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  });

  afterEach(async () => {
    await gateway.close();
    vi.useRealTimers();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Connects one at a time, so peer i has server-side id i + 1. */
  async function peers(n: number, autoPong = true): Promise<Peer[]> {
    const out: Peer[] = [];
    for (let i = 0; i < n; i++) {
      const ws = new WebSocket(url, { autoPong });
      const peer = { id: i + 1, ws, pings: 0 };
      ws.on('ping', () => peer.pings++);
      await new Promise((r) => ws.once('message', r));
      out.push(peer);
    }
    return out;
  }

  it('pings one slice of the clients per second, so each gets one ping per period and never all at once', async () => {
    const all = await peers(6);
    const total = () => all.reduce((n, p) => n + p.pings, 0);

    vi.advanceTimersByTime(1_000);
    await until(() => total() === 2);
    vi.advanceTimersByTime(1_000);
    await until(() => total() === 4);
    vi.advanceTimersByTime(1_000);
    await until(() => total() === 6);
    expect(all.map((p) => p.pings)).toEqual([1, 1, 1, 1, 1, 1]);

    vi.advanceTimersByTime(3_000);
    await until(() => total() === 12);
    expect(all.map((p) => p.pings)).toEqual([2, 2, 2, 2, 2, 2]);
    for (const p of all) p.ws.terminate();
  });

  it('terminates a client one period after a ping it did not answer, leaving the others connected', async () => {
    const [healthy, other] = await peers(2);
    const [silent] = await peers(1, false);
    const closed = new Promise<number>((resolve) => silent!.ws.once('close', resolve));

    vi.advanceTimersByTime(3_000);
    await until(() => silent!.pings === 1);
    vi.advanceTimersByTime(3_000);
    expect(await closed).toBe(1006);
    expect(healthy!.ws.readyState).toBe(WebSocket.OPEN);
    expect(other!.ws.readyState).toBe(WebSocket.OPEN);
    healthy!.ws.terminate();
    other!.ws.terminate();
  });
});
