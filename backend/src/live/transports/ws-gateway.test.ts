import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../config.ts';
import { createMetrics } from '../../metrics.ts';
import { createConnectionLimiter } from './access.ts';
import { createHub } from '../core/hub.ts';
import type { Sessions } from '../core/session.ts';
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

/**
 * Resolves once the server has handled everything these peers sent so far, their automatic pongs
 * included: it handles a connection's frames in order, so the answer to a ping message comes after.
 */
async function settled(...peers: Peer[]): Promise<void> {
  await Promise.all(
    peers.map(
      (p) =>
        new Promise((resolve) => {
          p.ws.once('message', resolve);
          p.ws.send('{"type":"ping"}');
        }),
    ),
  );
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
    const ctx = { config, logger: pino({ level: 'silent' }), metrics, now: Date.now };
    lastId = 0;
    gateway = createWsGateway({
      ...ctx,
      hub: createHub({ metrics, slowClientBytes: 1 << 20, now: Date.now }),
      sessions,
      limiter: createConnectionLimiter(100),
      ready: Promise.resolve(),
      welcome: () => ({ type: 'welcome', epoch: 'e', offset: 0, serverTimeMs: 0, watchlist: ['AAPL'], limits: { maxSymbols: 10, maxPayload: 4096 } }),
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
    await settled(...all); // every pong is in before the next period checks for it
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
    await until(() => healthy!.pings === 1 && other!.pings === 1);
    await settled(healthy!, other!);
    vi.advanceTimersByTime(3_000);
    expect(await closed).toBe(1006);
    expect(healthy!.ws.readyState).toBe(WebSocket.OPEN);
    expect(other!.ws.readyState).toBe(WebSocket.OPEN);
    healthy!.ws.terminate();
    other!.ws.terminate();
  });

  it('terminates a client whose pongs never echo its pings: unsolicited pongs prove nothing', async () => {
    const [liar] = await peers(1, false);
    liar!.ws.on('ping', () => liar!.ws.pong('made up'));
    liar!.ws.pong('unsolicited');
    const closed = new Promise<number>((resolve) => liar!.ws.once('close', resolve));

    vi.advanceTimersByTime(3_000);
    await until(() => liar!.pings === 1);
    await new Promise((r) => setTimeout(r, 50)); // its made-up pong reaches the server
    vi.advanceTimersByTime(3_000);
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r('still open'), 1_000))])).toBe(1006);
  });
});

describe('WebSocket upgrades to other paths', () => {
  it('are answered with a 404 in the API error contract and closed by the server', async () => {
    const metrics = createMetrics();
    const config = loadConfig({ QUOTE_SOURCE: 'simulated', LOG_LEVEL: 'silent' });
    const ctx = { config, logger: pino({ level: 'silent' }), metrics, now: Date.now };
    const gateway = createWsGateway({
      ...ctx,
      hub: createHub({ metrics, slowClientBytes: 1 << 20, now: Date.now }),
      sessions,
      limiter: createConnectionLimiter(100),
      ready: new Promise<void>(() => undefined),
      welcome: () => ({ type: 'welcome', epoch: 'e', offset: 0, serverTimeMs: 0, watchlist: [], limits: { maxSymbols: 1, maxPayload: 64 } }),
      nextId: () => 1,
    });
    const server = createServer();
    gateway.attach(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`);
    ws.on('error', () => undefined);
    const answer = await Promise.race([
      new Promise<{ status: number | undefined; type: string | undefined; body: unknown }>((resolve) =>
        ws.once('unexpected-response', (req, res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          req.socket!.once('close', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: JSON.parse(body) }));
        }),
      ),
      new Promise((r) => setTimeout(() => r('no answer'), 1_000)),
    ]);
    ws.terminate();
    await gateway.close();
    await new Promise((r) => server.close(r));
    expect(answer).toEqual({
      status: 404,
      type: 'application/json; charset=utf-8',
      body: { error: { code: 'NOT_FOUND', message: expect.stringMatching(/\/ws/) as string } },
    });
  });
});
