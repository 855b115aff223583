// Store outage against the in-memory store: live delivery continues (deduplicated in memory),
// rows wait in a bounded queue and reach the store in order once it is back.
import { describe, expect, it, vi } from 'vitest';
import { rowKey } from '../src/store/row-key.ts';
import { createFakeStore } from './fixtures/fake-store.ts';
import { pollerHarness, useFakeClock, stopAll } from './fixtures/poller-harness.ts';

const INTERVAL = 10_000;

useFakeClock(Date.UTC(2025, 2, 4, 15, 0, 30));

describe('poller during a store outage', () => {
  it('keeps publishing, queues rows, reports degraded, and writes everything once the store is back', async () => {
    const store = createFakeStore();
    const h = pollerHarness({ store, env: { WATCHLIST: 'AAPL,BTC-USD' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    store.setDown(true);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    // live delivery went on: 4 polls x 2 symbols, each tick published exactly once
    const ticks = h.publishedTicks();
    expect(ticks).toHaveLength(8);
    expect(new Set(ticks.map((t) => `${t.symbol}|${t.time}`)).size).toBe(8);
    expect(h.poller.pendingWrites()).toBeGreaterThan(0);
    expect(h.poller.status()).toMatchObject({ state: 'degraded', lastError: { code: 'STORE_UNAVAILABLE' } });
    expect(store.tickRows.size).toBe(2);
    expect(h.poller.isLeader()).toBe(true); // still polling while the lock cannot be re-checked

    store.setDown(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(h.poller.pendingWrites()).toBe(0);
    expect(store.tickRows.size).toBe(10);
    expect(h.poller.status().state).toBe('ok');
    // Consecutive statuses in one state differ only by their retry time.
    const states = h.statuses().map((s) => s.state);
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['ok', 'degraded', 'ok']);
    // the candles stored are the latest revisions that were published
    for (const c of h.publishedCandles().filter((c) => c.symbol === 'BTC-USD').slice(-1)) {
      expect(store.candleRows.get(rowKey({ symbol: 'BTC-USD', time: c.time }))).toEqual(c);
    }
    await stopAll(h.poller);
  });

  it('drops the oldest rows beyond WRITE_QUEUE_MAX, counts them and says so in the log', async () => {
    const store = createFakeStore();
    const h = pollerHarness({ store, env: { WATCHLIST: 'AAPL,BTC-USD', WRITE_QUEUE_MAX: '6' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    store.setDown(true);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(h.poller.pendingWrites()).toBe(6);
    const dropped = (await h.ctx.metrics.writeQueueDropped.get()).values[0]?.value ?? 0;
    expect(dropped).toBeGreaterThan(0);
    expect(h.lines.some((l) => String(l.msg).startsWith('write queue: dropped rows'))).toBe(true);
    store.setDown(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(h.poller.pendingWrites()).toBe(0);
    await stopAll(h.poller);
  });
});
