import { describe, expect, it } from 'vitest';
import { createSimulatedSource } from './source.ts';
import { createMarketClock } from './clock.ts';

// Tue 2025-03-04 10:00:30 New York
const T = Date.UTC(2025, 2, 4, 15, 0, 30);
const source = (market: 'always-open' | 'us-equities') =>
  createSimulatedSource({ kind: 'simulated', seed: 42, market, timeoutMs: 1000, concurrency: 4 }, { now: () => T });
const since = (iso: string) => Date.parse(iso) / 1000;

describe('simulated daily chart', () => {
  it('serves AAPL from its first trade date with its splits and quarterly dividends, the same each time', async () => {
    const sim = source('us-equities');
    const h = await sim.fetchDaily!('AAPL', since('2020-08-01'));
    expect(h).toMatchObject({ timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '1980-12-12' });
    expect(h.bars.find((b) => b.day === '2020-08-31')?.splitRatio).toBe(4);
    const dividends = h.bars.filter((b) => b.dividend);
    expect(dividends.length).toBeGreaterThanOrEqual(17);
    // Before the last dividend adjclose is below close (Yahoo's total-return series); from it on equal.
    const lastEx = dividends.at(-1)!.day;
    expect(h.bars.filter((b) => b.day < lastEx).every((b) => b.adjclose < b.close)).toBe(true);
    expect(h.bars.filter((b) => b.day >= lastEx).every((b) => b.adjclose === b.close)).toBe(true);
    // Weekdays only, today's forming session included, and deterministic.
    expect(h.bars.every((b) => ![0, 6].includes(new Date(b.day).getUTCDay()))).toBe(true);
    expect(h.bars.at(-1)?.day).toBe('2025-03-04');
    expect(await sim.fetchDaily!('AAPL', since('2020-08-01'))).toEqual(h);
  });

  it('matches the quote: a past day closes at the next day’s previous close', async () => {
    const sim = source('us-equities');
    const h = await sim.fetchDaily!('MSFT', since('2025-02-20'));
    const { ticks } = await sim.fetchQuotes(['MSFT']);
    expect(h.bars.at(-2)?.close).toBe(ticks[0]?.previousClose);
    expect(h.bars.at(-1)?.open).toBe(ticks[0]?.open);
  });

  it('opens each day at the clock’s 09:30 New York session, across both DST changes of a year', async () => {
    const h = await source('us-equities').fetchDaily!('MSFT', since('2024-01-01'));
    const sessions = createMarketClock('us-equities').sessionsBetween('MSFT', since('2024-01-01'), since('2025-01-01'));
    const opens = new Map(h.bars.map((b) => [b.day, b.open]));
    expect(sessions.map((s) => new Date(s.open * 1000).toISOString().slice(0, 10))).toEqual(h.bars.filter((b) => b.day < '2025').map((b) => b.day));
    // The path at each session's open is that day's open.
    const sim = source('us-equities');
    const march11 = sessions.find((s) => new Date(s.open * 1000).toISOString().startsWith('2024-03-11'))!;
    expect(new Date(march11.open * 1000).toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(opens.get('2024-03-11')).toBe((await sim.fetchDaily!('MSFT', march11.open)).bars[0]!.open);
  });

  it('gives crypto every UTC day, weekends included', async () => {
    const h = await source('us-equities').fetchDaily!('BTC-USD', since('2025-02-24'));
    expect(h).toMatchObject({ timezone: 'UTC', sessionOpen: 0 });
    expect(h.bars.map((b) => b.day)).toEqual(['2025-02-24', '2025-02-25', '2025-02-26', '2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04']);
  });

  for (const market of ['always-open', 'us-equities'] as const) {
    it(`meets the 1m bars and the quote on the newest days, without a seam in price or volume (${market})`, async () => {
      const sim = source(market);
      const h = await sim.fetchDaily!('MSFT', since('2025-01-01'));
      const days = h.bars.slice(-6);
      const { ticks } = await sim.fetchQuotes(['MSFT']);
      for (const day of days) {
        const start = since(day.day);
        const bars = await sim.fetchBars('MSFT', { from: start, to: start + 86_400 - 1 });
        expect(day, day.day).toMatchObject({
          open: bars[0]!.open,
          high: Math.max(...bars.map((b) => b.high)),
          low: Math.min(...bars.map((b) => b.low)),
          close: bars.at(-1)!.close,
          volume: bars.reduce((v, b) => v + b.volume, 0),
        });
      }
      // the forming day is the quote's day so far
      expect(days.at(-1)).toMatchObject({ high: ticks[0]!.dayHigh, low: ticks[0]!.dayLow, volume: ticks[0]!.dayVolume, close: ticks[0]!.price });
      // older days (sampled, not summed) trade on the same scale: a whole day of minutes, not a spike at the end
      const completed = h.bars.slice(-6, -1);
      const mean = (xs: readonly { volume: number }[]) => xs.reduce((v, b) => v + b.volume, 0) / xs.length;
      expect(mean(h.bars.slice(0, -6)) / mean(completed)).toBeGreaterThan(0.6);
      expect(mean(h.bars.slice(0, -6)) / mean(completed)).toBeLessThan(1.6);
    });
  }
});
