import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent, ClientMessage, SourceStatus, Tick } from '@tickstream/shared';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { LiveSocket, type LiveSocketOptions, type SocketLike } from './socket.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: ClientMessage[] = [];
  closed: { code?: number; reason?: string } | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
  }
  // server side helpers
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const tick = (symbol: string, time: number, price: number): Tick => makeTick({ symbol, time, price });
const welcome = (epoch: string, offset: number) => ({
  type: 'welcome',
  epoch,
  offset,
  serverTimeMs: 0,
  watchlist: ['AAPL', 'MSFT'],
  limits: { maxSymbols: 200, maxPayload: 16384 },
});
const published = (offset: number, t: Tick) => ({ type: 'tick', offset, tick: t });

function setup(options: Partial<LiveSocketOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const client = new LiveSocket({
    url: 'ws://test/ws',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    random: () => 0.5,
    now: () => Date.now(),
    ...options,
  });
  const ticks: Tick[] = [];
  const gaps: number[] = [];
  const states: string[] = [];
  client.listen({
    tick: (t) => ticks.push(t),
    gap: () => gaps.push(Date.now()),
    status: (s) => states.push(s.state),
  });
  return { client, sockets, ticks, gaps, states, last: () => sockets.at(-1)! };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LiveSocket', () => {
  it('subscribes to followed symbols after the welcome and delivers their ticks', async () => {
    const { client, last, ticks } = setup();
    client.follow(['aapl', 'MSFT', 'not a symbol!']);
    client.start();
    last().open();
    last().receive(welcome('e1', 10));
    expect(last().sent).toEqual([{ type: 'subscribe', symbols: ['AAPL', 'MSFT'] }]);
    expect(client.status.state).toBe('live');

    last().receive([published(11, tick('AAPL', 100, 1)), published(12, tick('MSFT', 100, 2))]);
    expect(ticks.map((t) => t.symbol)).toEqual(['AAPL', 'MSFT']);
    await Promise.resolve();
  });

  it('batches follow calls into one subscribe and unsubscribes when the last follower leaves', async () => {
    const { client, last } = setup();
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    const a = client.follow(['TSLA']);
    const b = client.follow(['TSLA', 'NVDA']);
    await Promise.resolve();
    expect(last().sent).toEqual([{ type: 'subscribe', symbols: ['TSLA', 'NVDA'] }]);
    a();
    a();
    await Promise.resolve();
    expect(last().sent).toHaveLength(1);
    b();
    await Promise.resolve();
    expect(last().sent.at(-1)).toEqual({ type: 'unsubscribe', symbols: ['TSLA', 'NVDA'] });
  });

  it('reconnects with growing jittered delays and says so', () => {
    const { client, sockets, last, states } = setup();
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    last().drop();
    expect(client.status.state).toBe('reconnecting');
    // attempt 1: 250ms fixed + 0.5 * 250ms jitter
    expect(client.status.retryAt! - Date.now()).toBe(375);
    vi.advanceTimersByTime(375);
    expect(sockets).toHaveLength(2);
    last().drop();
    expect(client.status.retryAt! - Date.now()).toBe(750);
    expect(states).toContain('reconnecting');
  });

  it('resumes from the last delivered position and drops replayed duplicates', () => {
    const { client, last, ticks } = setup();
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 5));
    last().receive(published(6, tick('AAPL', 100, 1)));
    last().receive(published(7, tick('AAPL', 101, 2)));
    last().drop();
    vi.runOnlyPendingTimers();
    last().open();
    last().receive(welcome('e1', 9));
    expect(last().sent[0]).toEqual({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: 'e1', offset: 7 } });
    last().receive({ type: 'resumed', recovered: true, epoch: 'e1', offset: 9, replayed: 2 });
    last().receive([published(7, tick('AAPL', 101, 2)), published(8, tick('AAPL', 102, 3))]);
    last().receive(published(9, tick('AAPL', 103, 4)));
    expect(ticks.map((t) => t.price)).toEqual([1, 2, 3, 4]);
  });

  it('passes a fired alert to listeners once, even when a resume replays its position', () => {
    const { client, last } = setup();
    const alerts: AlertEvent[] = [];
    client.listen({ alert: (e) => alerts.push(e) });
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 5));
    const event: AlertEvent = {
      id: 1,
      alertId: 3,
      symbol: 'NVDA',
      condition: { type: 'price_above', value: 120 },
      note: null,
      price: 120.5,
      observed: null,
      tickTime: 100,
      firedAtMs: 100_000,
      delivery: 'pending',
      attempts: [],
    };
    last().receive({ type: 'alert', offset: 6, event });
    last().drop();
    vi.runOnlyPendingTimers();
    last().open();
    last().receive(welcome('e1', 6));
    expect(last().sent[0]).toMatchObject({ resume: { epoch: 'e1', offset: 6 } });
    last().receive({ type: 'alert', offset: 6, event });
    last().receive({ type: 'alert', offset: 7, event: { ...event, id: 2 } });
    expect(alerts.map((e) => e.id)).toEqual([1, 2]);
  });

  it('reports a gap when the server cannot replay what was missed', () => {
    const { client, last, gaps, ticks } = setup();
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 5));
    last().drop();
    vi.runOnlyPendingTimers();
    last().open();
    last().receive(welcome('e2', 0));
    last().receive({ type: 'resumed', recovered: false, epoch: 'e2', offset: 0, replayed: 0 });
    expect(gaps).toHaveLength(1);
    last().receive(published(1, tick('AAPL', 100, 1)));
    expect(ticks).toHaveLength(1);
  });

  it('treats messages of a connection in another epoch, without a resume answer, as a gap', () => {
    const { client, last, gaps, ticks } = setup();
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 5));
    last().receive(published(6, tick('AAPL', 100, 1)));
    last().drop();
    vi.runOnlyPendingTimers();
    last().open();
    last().receive(welcome('e9', 0));
    last().receive(published(1, tick('AAPL', 101, 2)));
    expect(gaps).toHaveLength(1);
    expect(ticks.map((t) => t.price)).toEqual([1, 2]);
  });

  it('says offline after repeated failures and keeps retrying at the capped delay', () => {
    const { client, sockets, last } = setup();
    client.start();
    for (let i = 0; i < 10; i++) {
      last().drop();
      vi.runOnlyPendingTimers();
    }
    expect(client.status.state).toBe('offline');
    expect(sockets.length).toBe(11);
    last().drop();
    expect(client.status.retryAt! - Date.now()).toBeLessThanOrEqual(30_000);
    expect(client.status.retryAt! - Date.now()).toBeGreaterThanOrEqual(15_000);
  });

  it('drops a connection that has gone silent and reconnects', () => {
    const { client, sockets, last } = setup();
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    vi.advanceTimersByTime(20_000);
    expect(last().sent.at(-1)).toEqual({ type: 'ping' });
    vi.advanceTimersByTime(40_000);
    expect(sockets[0]!.closed).toEqual({ code: 4000, reason: 'idle' });
    expect(client.status.state).toBe('reconnecting');
  });

  it('drops the socket as soon as the browser goes offline and reconnects when it is back', () => {
    let online = true;
    const { client, sockets } = setup({ isOnline: () => online });
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(welcome('e1', 0));
    online = false;
    client.markOffline();
    expect(sockets[0]!.closed).toEqual({ code: 4001, reason: 'browser offline' });
    expect(client.status.state).toBe('offline');
    online = true;
    client.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(client.status.state).toBe('reconnecting');
  });

  it('abandons a handshake begun while offline and connects at once when the browser is back online', () => {
    let online = false;
    const { client, sockets } = setup({ isOnline: () => online });
    client.start();
    for (let i = 0; i < 6; i++) {
      sockets.at(-1)!.drop();
      vi.runOnlyPendingTimers();
    }
    const pending = sockets.at(-1)!; // made offline; its handshake may never be answered
    const attempts = sockets.length;
    online = true;
    client.reconnectNow();
    expect(pending.closed).not.toBeNull();
    expect(sockets).toHaveLength(attempts + 1);
    sockets.at(-1)!.open();
    sockets.at(-1)!.receive(welcome('e1', 0));
    expect(client.status.state).toBe('live');
  });

  it('gives up a handshake that is never answered and tries again', () => {
    const { client, sockets } = setup({ openTimeoutMs: 5_000 });
    client.start();
    vi.advanceTimersByTime(4_999);
    expect(sockets[0]!.closed).toBeNull();
    vi.advanceTimersByTime(1);
    expect(sockets[0]!.closed).not.toBeNull();
    expect(client.status.state).toBe('reconnecting');
    vi.runOnlyPendingTimers();
    expect(sockets).toHaveLength(2);
  });

  it('leaves an answered connection alone when told to reconnect while it is live', () => {
    const { client, sockets } = setup();
    client.start();
    sockets[0]!.open();
    sockets[0]!.receive(welcome('e1', 0));
    client.reconnectNow();
    vi.advanceTimersByTime(15_000); // past the handshake timeout, short of the idle one
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.closed).toBeNull();
  });

  it('ignores malformed frames and entries without losing the rest of a batch', () => {
    const { client, last, ticks } = setup();
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    last().onmessage?.({ data: '{not json' });
    last().receive([{ type: 'tick', offset: 1, tick: { symbol: 'AAPL' } }, published(2, tick('AAPL', 1, 5))]);
    expect(ticks.map((t) => t.price)).toEqual([5]);
  });

  it('passes snapshots and source status to listeners', () => {
    const { client, last } = setup();
    const statuses: SourceStatus[] = [];
    const snapshots: number[] = [];
    client.listen({ sourceStatus: (s) => statuses.push(s), snapshot: (t) => snapshots.push(t.length) });
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    const status: SourceStatus = {
      state: 'degraded',
      source: 'simulated',
      lastSuccessAtMs: null,
      lastError: { code: 'TIMEOUT', message: 'timed out', atMs: 1 },
      nextAttemptAtMs: 2,
      stale: true,
      symbolErrors: {},
      backfill: { done: 0, total: 0, running: false },
    };
    last().receive({ type: 'snapshot', ticks: [tick('AAPL', 1, 1)], status: null });
    last().receive({ type: 'status', offset: 1, status });
    expect(snapshots).toEqual([1]);
    expect(statuses).toEqual([status]);
  });

  it("completes each tick with its symbol's info from the snapshot, then from info messages", () => {
    const { client, last, ticks } = setup();
    const infos: string[] = [];
    client.listen({ info: (i) => infos.push(`${i.symbol}:${i.previousClose}`) });
    client.follow(['AAPL']);
    client.start();
    last().open();
    last().receive(welcome('e1', 0));
    last().receive({ type: 'snapshot', ticks: [makeTick({ symbol: 'AAPL', time: 1, price: 1, name: 'Apple Inc.', previousClose: 0.9, currency: 'USD' })], status: null });
    const { previousClose: _p, currency: _c, source: _s, name: _n, ...live } = tick('AAPL', 2, 2);
    last().receive(published(1, live as Tick));
    last().receive({ type: 'info', offset: 2, info: { symbol: 'AAPL', previousClose: 2.5, currency: 'EUR', source: 'simulated', name: 'Apple Inc.' } });
    last().receive(published(3, { ...live, time: 3, price: 3 } as Tick));
    expect(ticks.map((t) => [t.price, t.name, t.previousClose, t.currency])).toEqual([
      [2, 'Apple Inc.', 0.9, 'USD'],
      [3, 'Apple Inc.', 2.5, 'EUR'],
    ]);
    expect(infos).toEqual(['AAPL:2.5']);
  });

  it('stops for good when stopped', () => {
    const { client, sockets, last } = setup();
    client.start();
    last().open();
    client.stop();
    expect(sockets[0]!.closed?.code).toBe(1000);
    vi.runAllTimers();
    expect(sockets).toHaveLength(1);
  });
});
