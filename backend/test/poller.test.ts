// The poller end to end with an in-memory store and fake timers: the fixed-rate schedule,
// backoff and recovery on Yahoo's failure modes (fixtures served through the injected fetch),
// bad symbols, closed markets, state changes, shutdown.
import { describe, expect, it, vi } from 'vitest';
import type { SymbolCandle, Tick } from '@tickstream/shared';
import type { QuoteSource } from '../src/sources/types.ts';
import { createFakeStore } from './fixtures/fake-store.ts';
import { pollerHarness, useFakeClock, stopAll } from './fixtures/poller-harness.ts';
import { FIXTURE_NOW_MS, createFakeYahoo, dnsFailure, http429, http503, type Reply, type Route } from './fixtures/yahoo/fake-fetch.ts';
import { makeTick, plainSourceParts } from './fixtures/factories.ts';

const INTERVAL = 10_000;

useFakeClock(FIXTURE_NOW_MS);

/** Records when each quote request was made (fake time, seconds since the start). */
function timedYahoo(quote: Route) {
  const yahoo = createFakeYahoo({ quote, chart: { '*': { file: 'chart-empty.json' } } });
  const t0 = Date.now();
  const attempts: number[] = [];
  const base = yahoo.fetch;
  yahoo.fetch = async (input, init) => {
    if (String(input).includes('/v7/finance/quote')) attempts.push((Date.now() - t0) / 1000);
    return base(input, init);
  };
  return { yahoo, attempts };
}

describe('poller schedule', () => {
  it('polls at start + k x interval and publishes new ticks and candles', async () => {
    const store = createFakeStore();
    const h = pollerHarness({ store, env: { WATCHLIST: 'AAPL,BTC-USD' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.poller.isLeader()).toBe(true);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL + 500);
    const times = [...new Set(h.publishedTicks().map((t) => t.time))];
    const t0 = FIXTURE_NOW_MS / 1000;
    expect(times).toEqual([t0, t0 + 10, t0 + 20, t0 + 30]);
    expect(h.publishedCandles().length).toBeGreaterThan(0);
    expect(store.tickRows.size).toBe(8);
    expect(h.poller.status()).toMatchObject({ state: 'ok', source: 'simulated', stale: false, nextAttemptAtMs: FIXTURE_NOW_MS + 4 * INTERVAL });
    await stopAll(h.poller);
  });

  it('makes the simulated market lively at POLL_INTERVAL_SECONDS=2: prices move every poll', async () => {
    const h = pollerHarness({ store: createFakeStore(), env: { POLL_INTERVAL_SECONDS: '2' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(5 * 2000 + 100);
    const bySymbol = new Map<string, number[]>();
    for (const t of h.publishedTicks()) bySymbol.set(t.symbol, [...(bySymbol.get(t.symbol) ?? []), t.price]);
    expect(bySymbol.size).toBe(8);
    const changes = [...bySymbol.values()].flatMap((prices) => prices.slice(1).map((p, i) => p !== prices[i]));
    expect(changes.filter(Boolean).length / changes.length).toBeGreaterThan(0.8);
    // every poll also revises the forming candle, so the chart moves too
    expect(new Set(h.publishedCandles().map((c) => `${c.symbol}|${c.time}|${c.close}`)).size).toBeGreaterThan(30);
    await stopAll(h.poller);
  });
});

describe('poller on Yahoo failures', () => {
  it('backs off with jitter through 429, 5xx, DNS and crumb failures, goes degraded then down, keeps prices stale, and recovers', async () => {
    const unauthorized = { status: 401, file: 'quote-unauthorized.json' };
    const { yahoo, attempts } = timedYahoo([{ file: 'quote-ok.json' }, http429, http503, { reject: dnsFailure() }, unauthorized, http429, { file: 'quote-ok.json' }]);
    const h = pollerHarness({ store: createFakeStore(), yahoo, env: { WATCHLIST: 'AAPL,MSFT,BTC-USD' } });
    h.poller.start();

    await vi.advanceTimersByTimeAsync(0);
    expect(h.poller.status()).toMatchObject({ state: 'ok', stale: false, lastSuccessAtMs: FIXTURE_NOW_MS });
    const ticksBefore = h.publishedTicks().length;
    expect(ticksBefore).toBe(3);

    await vi.advanceTimersByTimeAsync(INTERVAL); // 429
    expect(h.poller.status()).toMatchObject({ state: 'degraded', stale: true, lastSuccessAtMs: FIXTURE_NOW_MS, lastError: { code: 'RATE_LIMITED' } });
    expect(h.poller.status().nextAttemptAtMs).toBe(Date.now() + 20_000);

    await vi.advanceTimersByTimeAsync(240_000); // to t = 250 s
    // random() = 1: delays are the full 20 s, 40 s, then the 60 s cap
    expect(attempts).toEqual([0, 10, 30, 70, 130, 190, 250]);
    // the first 'ok' before any poll, the second with the first poll and its next attempt (the poll interval a page judges staleness by)
    expect(h.statuses().map((s) => s.state)).toEqual(['ok', 'ok', 'degraded', 'degraded', 'degraded', 'degraded', 'down', 'ok']);
    expect(h.statuses().map((s) => s.lastError?.code ?? null)).toEqual([null, null, 'RATE_LIMITED', 'UPSTREAM_ERROR', 'NETWORK', 'AUTH', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(h.statuses()[1]).toMatchObject({ lastSuccessAtMs: FIXTURE_NOW_MS, nextAttemptAtMs: FIXTURE_NOW_MS + INTERVAL });
    expect(h.poller.status()).toMatchObject({ state: 'ok', stale: false, lastSuccessAtMs: FIXTURE_NOW_MS + 250_000 });
    // the recovered quotes carry the same times as before: nothing new to broadcast
    expect(h.publishedTicks()).toHaveLength(ticksBefore);
    const errors = (await h.ctx.metrics.pollErrors.get()).values.map((v) => [v.labels.code, v.value]);
    expect(Object.fromEntries(errors)).toEqual({ RATE_LIMITED: 2, UPSTREAM_ERROR: 1, NETWORK: 1, AUTH: 1 });
    // back on the fixed grid of the first poll
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(attempts.at(-1)).toBe(260);
    expect(h.lines.some((l) => l.msg === 'quote source recovered')).toBe(true);
    await stopAll(h.poller);
  });

  it("waits at least what a 429's Retry-After asks, beyond its own backoff, capped at BACKOFF_MAX_SECONDS", async () => {
    const limited = (seconds: string): Reply => ({ status: 429, file: 'too-many-requests.txt', headers: { 'retry-after': seconds } });
    const { yahoo, attempts } = timedYahoo([{ file: 'quote-ok.json' }, limited('45'), limited('600'), { file: 'quote-ok.json' }]);
    const h = pollerHarness({ store: createFakeStore(), yahoo, env: { WATCHLIST: 'AAPL' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(INTERVAL); // t = 10 s: the 429 asking for 45 s
    expect(h.poller.status()).toMatchObject({ state: 'degraded', lastError: { code: 'RATE_LIMITED' }, nextAttemptAtMs: Date.now() + 45_000 });
    await vi.advanceTimersByTimeAsync(120_000);
    // Its own backoff (random() = 1) would retry after 20 s, then 40 s: at 30 and 70.
    // 45 s asked: retried at 55; 600 s asked: capped at BACKOFF_MAX_SECONDS=60, retried at 115; then back on the grid.
    expect(attempts.slice(0, 5)).toEqual([0, 10, 55, 115, 120]);
    await stopAll(h.poller);
  });

  it('treats a poll that times out as a failure and retries', async () => {
    vi.useRealTimers(); // the request timeout is a real AbortSignal.timeout
    const { yahoo } = timedYahoo([{ hang: true }, { file: 'quote-ok.json' }]);
    const h = pollerHarness({ store: createFakeStore(), yahoo, env: { WATCHLIST: 'AAPL', YAHOO_TIMEOUT_SECONDS: '1', POLL_INTERVAL_SECONDS: '1', BACKOFF_MAX_SECONDS: '1' } });
    h.poller.start();
    await vi.waitFor(() => expect(h.poller.status().lastError?.code).toBe('TIMEOUT'), { timeout: 5000 });
    expect(h.poller.status().state).toBe('degraded');
    await vi.waitFor(() => expect(h.poller.status().state).toBe('ok'), { timeout: 5000 });
    await h.poller.stop();
  });

  it('reports a bad watchlist symbol in status and keeps the others updating', async () => {
    const yahoo = createFakeYahoo({ quote: { file: 'quote-missing-symbol.json' } });
    const h = pollerHarness({ store: createFakeStore(), yahoo, env: { WATCHLIST: 'AAPL,APPL,MSFT' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.poller.status().state).toBe('ok');
    expect(Object.keys(h.poller.status().symbolErrors)).toEqual(['APPL']);
    expect(h.poller.status().symbolErrors.APPL).toMatch(/^UNKNOWN_SYMBOL/);
    expect(h.publishedTicks().map((t) => t.symbol).sort()).toEqual(['AAPL', 'MSFT']);
    await stopAll(h.poller);
  });

  it('never lets a throwing source or publisher escape as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const source: QuoteSource = {
      name: 'yahoo',
      ...plainSourceParts,
      fetchQuotes: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'result')")),
      fetchBars: () => Promise.reject(new Error('no')),
    };
    const h = pollerHarness({ store: createFakeStore(), source });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(h.poller.status()).toMatchObject({ state: 'degraded', lastError: { code: 'BAD_RESPONSE' } });
    await stopAll(h.poller);
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});

describe('poller dedupe', () => {
  it('closed market: the same regularMarketTime writes and publishes nothing new after the first poll', async () => {
    const yahoo = createFakeYahoo({ quote: { file: 'quote-closed.json' }, chart: { '*': { file: 'chart-empty.json' } } });
    const store = createFakeStore();
    const h = pollerHarness({ store, yahoo, env: { WATCHLIST: 'AAPL,MSFT' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(h.publishedTicks().map((t) => [t.symbol, t.marketState])).toEqual([
      ['AAPL', 'CLOSED'],
      ['MSFT', 'CLOSED'],
    ]);
    // the first poll's ticks with its status, then the status with the next attempt too (the poll
    // interval a page judges staleness by); then nothing
    expect(h.published.map((u) => [u.ticks.length, u.status?.lastSuccessAtMs, u.status?.nextAttemptAtMs])).toEqual([
      [2, FIXTURE_NOW_MS, null],
      [0, FIXTURE_NOW_MS, FIXTURE_NOW_MS + INTERVAL],
    ]);
    expect(store.tickRows.size).toBe(2);
    // 6 polls: 6 quote requests, and one bar request per symbol (nothing moved afterwards)
    expect(yahoo.count('quote')).toBe(6);
    expect(yahoo.count('chart')).toBe(2);
    await stopAll(h.poller);
  });

  it('republishes a tick once when only its market state changes (e.g. at the close)', async () => {
    const time = Math.floor(FIXTURE_NOW_MS / 1000) - 30;
    const states: Tick['marketState'][] = ['REGULAR', 'POST', 'POST', 'POST'];
    let poll = 0;
    const tick = (marketState: Tick['marketState']): Tick =>
      makeTick({ time, price: 236.42, change: 1, changePercent: 0.4, previousClose: 235.42, dayHigh: 237, dayLow: 235, dayVolume: 100, marketState, source: 'yahoo' });
    const source: QuoteSource = {
      name: 'yahoo',
      ...plainSourceParts,
      fetchQuotes: async () => ({ ticks: [tick(states[Math.min(poll++, states.length - 1)] ?? 'POST')], problems: [] }),
      fetchBars: async () => [] as SymbolCandle[],
    };
    const h = pollerHarness({ store: createFakeStore(), source, env: { WATCHLIST: 'AAPL' } });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(h.publishedTicks().map((t) => t.marketState)).toEqual(['REGULAR', 'POST']);
    await stopAll(h.poller);
  });
});

describe('poller shutdown', () => {
  it('stop() aborts the poll in flight, flushes queued rows and releases the lock', async () => {
    let aborted = false;
    const source: QuoteSource = {
      name: 'yahoo',
      ...plainSourceParts,
      fetchQuotes: (_symbols, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
      fetchBars: async () => [],
    };
    const store = createFakeStore();
    const h = pollerHarness({ store, source });
    h.poller.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.poller.isLeader()).toBe(true);
    await h.poller.stop();
    expect(aborted).toBe(true);
    expect(h.poller.isLeader()).toBe(false);
    expect(h.poller.status().state).toBe('ok'); // an abort is not a source failure
    expect((await store.tryLead('poller')) !== null).toBe(true);
  });
});
