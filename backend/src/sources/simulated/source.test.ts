import { describe, expect, it } from 'vitest';
import { symbolCandleSchema, tickSchema } from '@tickstream/shared';
import { createSimulatedSource } from './source.ts';
import { createMarketClock } from './clock.ts';
import { logAtSecond, secondsOfMinute, type PathParams } from './path.ts';

// Tue 2025-03-04 10:00:30 New York
const T = Date.UTC(2025, 2, 4, 15, 0, 30);
const config = (over: Partial<{ seed: number; market: 'always-open' | 'us-equities' }> = {}) =>
  ({ kind: 'simulated', seed: 42, market: 'always-open', timeoutMs: 1000, concurrency: 4, ...over }) as const;

function at(ms: number, over?: Parameters<typeof config>[0]) {
  let now = ms;
  const source = createSimulatedSource(config(over), { now: () => now });
  return { source, set: (t: number) => (now = t) };
}

describe('simulated path', () => {
  it('gives the same value at a second whether computed alone or with its minute', () => {
    const p: PathParams = { key: 7, volatility: 0.4, anchorSpread: 0.08 };
    const minute = Math.floor(T / 60_000);
    const w = secondsOfMinute(p, minute);
    for (const s of [0, 1, 17, 30, 59, 60]) expect(logAtSecond(p, minute * 60 + s)).toBe(w[s]);
  });
});

describe('simulated source', () => {
  it('is deterministic: the same seed and time give the same prices, another seed others', async () => {
    const a = await at(T).source.fetchQuotes(['AAPL', 'BTC-USD', 'ZZTOP']);
    const b = await at(T).source.fetchQuotes(['AAPL', 'BTC-USD', 'ZZTOP']);
    const c = await at(T, { seed: 7 }).source.fetchQuotes(['AAPL', 'BTC-USD', 'ZZTOP']);
    expect(b).toEqual(a);
    expect(c.ticks.map((t) => t.price)).not.toEqual(a.ticks.map((t) => t.price));
  });

  it('starts near realistic prices and gives unknown symbols a plausible seeded one', async () => {
    const { ticks } = await at(T).source.fetchQuotes(['AAPL', 'BTC-USD', 'ZZTOP']);
    const price = (s: string) => ticks.find((t) => t.symbol === s)?.price ?? 0;
    expect(price('AAPL')).toBeGreaterThan(150);
    expect(price('AAPL')).toBeLessThan(350);
    expect(price('BTC-USD')).toBeGreaterThan(60_000);
    expect(price('BTC-USD')).toBeLessThan(140_000);
    expect(price('ZZTOP')).toBeGreaterThan(5);
    expect(price('ZZTOP')).toBeLessThan(1000);
    for (const t of ticks) expect(tickSchema.parse(t)).toEqual(t);
  });

  it("makes each tick the close of its forming 1m bar, within the session's high and low", async () => {
    const { source } = at(T + 17_000);
    const { ticks } = await source.fetchQuotes(['AAPL', 'BTC-USD']);
    for (const tick of ticks) {
      const bars = await source.fetchBars(tick.symbol, { from: tick.time - 3600, to: tick.time + 60 });
      const forming = bars.at(-1);
      expect(forming?.time).toBe(Math.floor(tick.time / 60) * 60);
      expect(forming?.close).toBe(tick.price);
      expect(tick.dayHigh).toBeGreaterThanOrEqual(Math.max(...bars.map((b) => b.high)));
      expect(tick.dayLow).toBeLessThanOrEqual(Math.min(...bars.map((b) => b.low)));
      for (const b of bars) {
        expect(symbolCandleSchema.parse(b)).toEqual(b);
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      }
      // consecutive bars join up: each open is the previous close
      for (let i = 1; i < bars.length; i++) expect(bars[i]?.open).toBe(bars[i - 1]?.close);
    }
  });

  it('serves the same past bars to a restarted instance (backfill matches what was live)', async () => {
    const minute = Math.floor(T / 60_000) * 60;
    const range = { from: minute - 86_400, to: minute - 3600 };
    const before = await at(T).source.fetchBars('MSFT', range);
    const after = await at(T + 6 * 3600_000).source.fetchBars('MSFT', range);
    expect(after).toEqual(before);
    expect(before).toHaveLength(23 * 60);
  });

  it('moves visibly between two polls 2 seconds apart', async () => {
    const { source, set } = at(T);
    const first = await source.fetchQuotes(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'TSLA', 'BTC-USD', 'ETH-USD']);
    set(T + 2000);
    const second = await source.fetchQuotes(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'TSLA', 'BTC-USD', 'ETH-USD']);
    const moved = second.ticks.filter((t, i) => t.price !== first.ticks[i]?.price);
    expect(moved.length).toBeGreaterThanOrEqual(6);
    expect(second.ticks.every((t, i) => t.time === (first.ticks[i]?.time ?? 0) + 2)).toBe(true);
  });

  it('keeps change and changePercent consistent with previousClose', async () => {
    const { ticks } = await at(T).source.fetchQuotes(['AAPL']);
    const t = ticks[0];
    expect(t?.change).toBeCloseTo((t?.price ?? 0) - (t?.previousClose ?? 0), 2);
    expect(t?.changePercent).toBeCloseTo(((t?.change ?? 0) / (t?.previousClose ?? 1)) * 100, 2);
  });
});

describe('simulated us-equities market', () => {
  it('trades equities 09:30-16:00 New York on weekdays and crypto always', async () => {
    const clock = createMarketClock('us-equities');
    const ny = (iso: string) => Date.parse(iso) / 1000;
    expect(clock.state('AAPL', ny('2025-03-04T14:29:00Z'))).toBe('PRE'); // 09:29 EST
    expect(clock.state('AAPL', ny('2025-03-04T14:30:00Z'))).toBe('REGULAR');
    expect(clock.state('AAPL', ny('2025-03-04T21:00:00Z'))).toBe('POST'); // 16:00 EST
    expect(clock.state('AAPL', ny('2025-03-05T01:00:00Z'))).toBe('CLOSED'); // 20:00 EST
    expect(clock.state('AAPL', ny('2025-03-08T15:00:00Z'))).toBe('CLOSED'); // Saturday
    expect(clock.state('BTC-USD', ny('2025-03-08T15:00:00Z'))).toBe('REGULAR');
    // after the DST switch (2025-03-09) the open is 13:30Z
    expect(clock.state('AAPL', ny('2025-03-10T13:30:00Z'))).toBe('REGULAR');
    expect(clock.state('AAPL', ny('2025-03-10T13:29:00Z'))).toBe('PRE');
  });

  it('holds the last close while closed and serves bars only for regular hours', async () => {
    const saturday = Date.UTC(2025, 2, 8, 15, 0, 0);
    const { source, set } = at(saturday, { market: 'us-equities' });
    const first = await source.fetchQuotes(['AAPL']);
    set(saturday + 60_000);
    const second = await source.fetchQuotes(['AAPL']);
    expect(second).toEqual(first);
    expect(first.ticks[0]).toMatchObject({ marketState: 'CLOSED', time: Date.UTC(2025, 2, 7, 21, 0, 0) / 1000 });
    const bars = await source.fetchBars('AAPL', { from: Date.UTC(2025, 2, 6) / 1000, to: saturday / 1000 });
    expect(bars).toHaveLength(2 * 390); // Thursday and Friday sessions
    expect(bars.at(-1)?.close).toBe(first.ticks[0]?.price);
  });

  it('keeps every price and day range inside its 52-week range, as Yahoo does', async () => {
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'SPY', 'BTC-USD', 'ETH-USD', 'TSLA', 'ZZTOP'];
    const { source, set } = at(T);
    for (let hour = 0; hour < 48; hour += 7) {
      set(T + hour * 3_600_000);
      for (const t of (await source.fetchQuotes(symbols)).ticks) {
        expect(t.fiftyTwoWeekLow, t.symbol).toBeLessThanOrEqual(Math.min(t.price, t.dayLow ?? t.price));
        expect(t.fiftyTwoWeekHigh, t.symbol).toBeGreaterThanOrEqual(Math.max(t.price, t.dayHigh ?? t.price));
      }
    }
  });

  it('serves pre-market prices before the open and post-market prices after the close, and a steady session info', async () => {
    const pre = Date.UTC(2025, 2, 4, 13, 0, 0); // 08:00 New York
    const post = Date.UTC(2025, 2, 4, 22, 0, 0); // 17:00 New York
    const { source, set } = at(pre, { market: 'us-equities' });
    const [p] = (await source.fetchQuotes(['AAPL'])).ticks;
    expect(p).toMatchObject({ marketState: 'PRE', preMarketTime: pre / 1000, postMarketPrice: null, exchange: 'Simulated', timezone: 'America/New_York' });
    expect(p?.preMarketPrice).toBeGreaterThan(0);
    expect(p?.preMarketPrice).not.toBe(p?.price);
    set(post);
    const [q] = (await source.fetchQuotes(['AAPL'])).ticks;
    expect(q).toMatchObject({ marketState: 'POST', postMarketTime: post / 1000, preMarketPrice: null });
    expect(q?.postMarketChange).toBeCloseTo((q?.postMarketPrice ?? 0) - (q?.price ?? 0), 2);
    set(post + 1000);
    const [r] = (await source.fetchQuotes(['AAPL'])).ticks;
    expect([r?.open, r?.fiftyTwoWeekHigh, r?.fiftyTwoWeekLow, r?.averageDailyVolume3Month]).toEqual([q?.open, q?.fiftyTwoWeekHigh, q?.fiftyTwoWeekLow, q?.averageDailyVolume3Month]);
    expect(tickSchema.parse(r)).toEqual(r);
    const [btc] = (await source.fetchQuotes(['BTC-USD'])).ticks;
    expect(btc).toMatchObject({ marketState: 'REGULAR', preMarketPrice: null, postMarketPrice: null });
  });
});
