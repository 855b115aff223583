// Backfill on start: full history for symbols without candles, the gap since the last stored
// bar after downtime, chunked to Yahoo's limits, with progress, without blocking polling.
import { describe, expect, it, vi } from 'vitest';
import type { SymbolCandle } from '@tickstream/shared';
import { createSource } from '../src/sources/index.ts';
import type { BarRequest, QuoteSource } from '../src/sources/types.ts';
import { createFakeStore } from './fixtures/fake-store.ts';
import { pollerHarness, useFakeClock, stopAll } from './fixtures/poller-harness.ts';
import { testConfig } from './support/services.ts';
import { captureLogger } from './fixtures/capture-logger.ts';
import { SourceError } from '../src/sources/errors.ts';
import { plainSourceParts } from './fixtures/factories.ts';

const NOW = Date.UTC(2025, 2, 4, 15, 0, 30);
const NOW_SEC = NOW / 1000;
const DAY = 86_400;

useFakeClock(NOW);

/** The simulated market, recording every bar request. */
function recordingSource(gate?: Promise<void>) {
  const sim = createSource(testConfig().source, captureLogger().logger, { now: () => Date.now() });
  const requests: Array<{ symbol: string } & BarRequest> = [];
  const source: QuoteSource = {
    name: 'simulated',
    ...plainSourceParts,
    fetchQuotes: (s, signal) => sim.fetchQuotes(s, signal),
    async fetchBars(symbol, range, signal) {
      requests.push({ symbol, ...range });
      // the poll's own bar requests reach back minutes; backfill's reach back hours or days
      if (gate && range.to - range.from > 3600) await gate;
      return sim.fetchBars(symbol, range, signal);
    },
  };
  return { source, requests, backfillRequests: () => requests.filter((r) => r.to - r.from > 3600) };
}

describe('backfill', () => {
  it('fills BACKFILL_DAYS for symbols without candles and only the gap for the others, with progress', async () => {
    const store = createFakeStore();
    const lastStored: SymbolCandle = { symbol: 'MSFT', time: Math.floor((NOW_SEC - 3 * 3600) / 60) * 60, open: 400, high: 401, low: 399, close: 400, volume: 5 };
    await store.candles.upsertMany([lastStored]);
    const { source, backfillRequests } = recordingSource();
    const h = pollerHarness({ store, source, env: { WATCHLIST: 'AAPL,MSFT', BACKFILL_DAYS: '2' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.poller.status().backfill).toEqual({ done: 2, total: 2, running: false });
    expect(backfillRequests().map((r) => [r.symbol, r.from, r.to])).toEqual([
      ['AAPL', NOW_SEC - 2 * DAY, NOW_SEC],
      ['MSFT', lastStored.time, NOW_SEC],
    ]);
    // a full chart of the last two days, and the three missing hours for MSFT
    expect(store.candlesOf('AAPL').length).toBeGreaterThanOrEqual(2 * 1440);
    expect(store.candlesOf('MSFT').length).toBeGreaterThanOrEqual(3 * 60);
    expect(store.candlesOf('MSFT')[0]?.close).not.toBe(400); // the stale last bar was revised
    const progress = h.lines.filter((l) => l.msg === 'backfill progress').map((l) => [l.done, l.total]);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(h.statuses().some((s) => s.backfill.running)).toBe(true);
    await stopAll(h.poller);
  });

  it('settles the span each symbol got before reporting its progress, so its aggregates show it at once', async () => {
    const store = createFakeStore();
    const { source } = recordingSource();
    const h = pollerHarness({ store, source, env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '2' } });
    let settledAtProgress: number | undefined;
    const settle = store.candles.settle.bind(store.candles);
    store.candles.settle = async (span) => {
      await settle(span);
      settledAtProgress ??= h.lines.filter((l) => l.msg === 'backfill progress').length;
    };
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.poller.status().backfill).toEqual({ done: 1, total: 1, running: false });
    const backfilled = store.candlesOf('AAPL').filter((c) => c.time < NOW_SEC - 3600);
    expect(store.settled).toHaveLength(1);
    expect(store.settled[0]!.from).toBe(backfilled[0]!.time);
    expect(store.settled[0]!.to).toBeGreaterThanOrEqual(NOW_SEC - 120);
    expect(settledAtProgress).toBe(0);
    await stopAll(h.poller);
  });

  it('still reports a symbol done when refreshing its aggregates fails: the bars are stored, the policies catch up', async () => {
    const store = createFakeStore();
    store.candles.settle = async () => {
      throw new Error('connection terminated');
    };
    const { source } = recordingSource();
    const h = pollerHarness({ store, source, env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '2' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.poller.status().backfill).toEqual({ done: 1, total: 1, running: false });
    expect(store.candlesOf('AAPL').length).toBeGreaterThanOrEqual(2 * 1440);
    expect(h.lines.find((l) => l.msg === 'backfill finished')).toMatchObject({ failed: [] });
    expect(h.lines.some((l) => typeof l.msg === 'string' && l.msg.startsWith('could not refresh the aggregates'))).toBe(true);
    await stopAll(h.poller);
  });

  it('cuts a long backfill into requests of at most 7 days within the last 30 days, newest first', async () => {
    const { source, backfillRequests } = recordingSource();
    const h = pollerHarness({ store: createFakeStore(), source, env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '30' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(1000);
    const chunks = backfillRequests();
    expect(chunks).toHaveLength(5);
    expect(chunks.every((c) => c.to - c.from <= 7 * DAY)).toBe(true);
    expect(chunks[0]?.to).toBe(NOW_SEC);
    expect(chunks.at(-1)?.from).toBeGreaterThanOrEqual(NOW_SEC - 30 * DAY);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.to).toBe(chunks[i - 1]?.from);
    await stopAll(h.poller);
  });

  it('keeps polling and reporting progress while a slow backfill runs', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { source } = recordingSource(gate);
    const h = pollerHarness({ store: createFakeStore(), source, env: { WATCHLIST: 'AAPL,MSFT', BACKFILL_DAYS: '1' } });
    h.poller.start(); // returns at once: the server is already listening
    await vi.advanceTimersByTimeAsync(3 * 10_000 + 100);
    expect(h.poller.status().backfill).toEqual({ done: 0, total: 2, running: true });
    expect(new Set(h.publishedTicks().map((t) => t.time)).size).toBe(4); // four polls meanwhile
    open();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.poller.status().backfill).toEqual({ done: 2, total: 2, running: false });
    await stopAll(h.poller);
  });

  it('tries the backfill again once the source answers, when Yahoo was down at start', async () => {
    const sim = recordingSource();
    let down = true;
    const offline = () => Promise.reject(new SourceError('NETWORK', 'cannot reach query2.finance.yahoo.com (ENOTFOUND)'));
    const source: QuoteSource = {
      ...plainSourceParts,
      name: 'simulated',
      fetchQuotes: (s, signal) => (down ? offline() : sim.source.fetchQuotes(s, signal)),
      fetchBars: (symbol, range, signal) => (down ? offline() : sim.source.fetchBars(symbol, range, signal)),
    };
    const store = createFakeStore();
    const h = pollerHarness({ store, source, env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '1' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(h.lines.some((l) => l.msg === 'backfill gave up on a symbol')).toBe(true);
    expect(store.candlesOf('AAPL')).toHaveLength(0);

    down = false;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(h.lines.some((l) => l.msg === 'retrying backfill for symbols that failed earlier')).toBe(true);
    expect(store.candlesOf('AAPL').length).toBeGreaterThanOrEqual(1440);
    await stopAll(h.poller);
  });

  it('backfills symbols added at run time', async () => {
    const { source, backfillRequests } = recordingSource();
    const store = createFakeStore();
    const h = pollerHarness({ store, source, env: { WATCHLIST: 'AAPL', BACKFILL_DAYS: '1' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    h.poller.setSymbols(['AAPL', 'NVDA']);
    await vi.advanceTimersByTimeAsync(100);
    expect(backfillRequests().map((r) => r.symbol)).toEqual(['AAPL', 'NVDA']);
    expect(store.candlesOf('NVDA').length).toBeGreaterThanOrEqual(1440);
    expect(h.poller.status().backfill).toEqual({ done: 2, total: 2, running: false });
    await stopAll(h.poller);
  });
});
