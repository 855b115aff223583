// The Yahoo request budget, measured: requests per poll and per minute for 8 and 50 symbols
// with every market open and every quote moving (the worst case). Figures for the README.
import { describe, expect, it, vi } from 'vitest';
import { createFakeStore } from './fixtures/fake-store.ts';
import { pollerHarness, useFakeClock } from './fixtures/poller-harness.ts';
import { createFakeYahoo, fixture } from './fixtures/yahoo/fake-fetch.ts';

const START = Date.UTC(2025, 2, 4, 15, 0, 0);

useFakeClock(START);

/** A market where every quote moves every second. */
function liveYahoo() {
  const template = (JSON.parse(fixture('quote-ok.json')) as { quoteResponse: { result: Array<Record<string, unknown>> } }).quoteResponse.result[2];
  const yahoo = createFakeYahoo({
    quote: (url) => {
      const symbols = (url.searchParams.get('symbols') ?? '').split(',');
      const result = symbols.map((symbol) => ({ ...template, symbol, regularMarketTime: Math.floor(Date.now() / 1000) - 1 }));
      return new Response(JSON.stringify({ quoteResponse: { result, error: null } }), { headers: { 'content-type': 'application/json' } });
    },
    chart: { '*': { file: 'chart-empty.json' } },
  });
  const perPoll: Array<{ quote: number; chart: number }> = [];
  const batch = { largest: 0 };
  const base = yahoo.fetch;
  yahoo.fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/v7/finance/quote')) batch.largest = Math.max(batch.largest, (new URL(url).searchParams.get('symbols') ?? '').split(',').length);
    if (url.includes('/v7/finance/quote')) perPoll.push({ quote: 0, chart: 0 });
    const current = perPoll.at(-1);
    if (current && url.includes('/v7/finance/quote')) current.quote++;
    if (current && url.includes('/v8/finance/chart/')) current.chart++;
    return base(input, init);
  };
  return { yahoo, perPoll, batch };
}

async function measure(symbols: number, intervalSeconds: number, minutes: number) {
  const { yahoo, perPoll, batch } = liveYahoo();
  const watchlist = Array.from({ length: symbols }, (_, i) => `T${i}`).join(',');
  const h = pollerHarness({ store: createFakeStore(), yahoo, env: { WATCHLIST: watchlist, POLL_INTERVAL_SECONDS: String(intervalSeconds) } });
  h.poller.start();
  await vi.advanceTimersByTimeAsync(minutes * 60_000 - 1);
  const stopping = h.poller.stop();
  await vi.advanceTimersByTimeAsync(10_000);
  await stopping;
  const total = perPoll.reduce((n, p) => n + p.quote + p.chart, 0);
  return {
    maxPerPoll: Math.max(...perPoll.map((p) => p.quote + p.chart)),
    perMinute: total / minutes,
    crumb: yahoo.count('quotePage') + yahoo.count('getCrumb'),
    largestQuoteBatch: batch.largest,
  };
}

describe('Yahoo request budget (all markets open, every quote moving)', () => {
  it('8 symbols at the default 60 s interval: at most 9 requests per poll and per minute', async () => {
    const m = await measure(8, 60, 10);
    expect(m).toEqual({ maxPerPoll: 9, perMinute: 9, crumb: 2, largestQuoteBatch: 8 });
  });

  it('50 symbols at 60 s: at most 9 requests per poll and per minute (1 quote + 8 charts)', async () => {
    const m = await measure(50, 60, 14);
    expect(m.maxPerPoll).toBe(9);
    expect(m.perMinute).toBe(9);
  });

  it('8 symbols at 5 s: 12 quote requests plus one chart per symbol per minute', async () => {
    const m = await measure(8, 5, 10);
    expect(m.maxPerPoll).toBe(9);
    expect(m.perMinute).toBeCloseTo(12 + 8, 0);
  });

  it('500 symbols (MAX_SYMBOLS, the union of every list) at 60 s: 10 quote requests of at most 50 symbols + 8 charts', async () => {
    const m = await measure(500, 60, 5);
    expect(m.largestQuoteBatch).toBe(50);
    // One poll a minute: per minute is per poll (maxPerPoll counts from each quote request, so not here).
    expect(m.perMinute).toBe(18);
  });

  it('50 symbols at 5 s: 12 quote requests plus at most one chart per symbol per minute', async () => {
    const m = await measure(50, 5, 10);
    expect(m.maxPerPoll).toBe(9);
    expect(m.perMinute).toBeLessThanOrEqual(12 + 50);
  });
});
