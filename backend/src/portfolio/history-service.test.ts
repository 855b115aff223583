import { describe, expect, it } from 'vitest';
import type { Candle, Holding } from '@tickstream/shared';
import { createPortfolioHistoryService, historyBars, type BarQuery, type PortfolioHistoryDeps } from './history-service.ts';

const DAY = 86_400;
const NOW = Date.parse('2026-12-01T21:00:00Z');
const T0 = NOW / 1000 - 3 * DAY;
const bar = (time: number, close: number): Candle => ({ time, open: close, high: close, low: close, close, volume: 0 });
const holding = (symbol: string, quantity: string, acquiredOn: string | null = null): Holding =>
  ({ id: 1, symbol, quantity, costPerShare: '1', note: null, acquiredOn, createdAt: 0, updatedAt: 0 });

/** A fake store: bars per symbol, currencies per symbol; records the bar queries. */
function fake(over: Partial<PortfolioHistoryDeps> = {}) {
  const stored: Record<string, Candle[]> = {
    AAPL: [bar(T0, 100), bar(T0 + DAY, 110)],
    'SAP.DE': [bar(T0, 200)],
    SPY: [bar(T0, 500), bar(T0 + DAY, 505)],
  };
  const queries: BarQuery[] = [];
  const deps: PortfolioHistoryDeps = {
    holdings: async () => [holding('AAPL', '10'), holding('SAP.DE', '1'), holding('GHOST', '1')],
    currencies: async (symbols) => new Map(symbols.map((s) => [s, s === 'SAP.DE' ? 'EUR' : s === 'GHOST' ? null : 'USD'])),
    bars: async (q) => {
      queries.push(q);
      return (stored[q.symbol] ?? []).filter((b) => b.time >= (q.from ?? 0) && b.time <= q.to);
    },
    newestBars: async (symbols) => new Map(symbols.filter((s) => stored[s]).map((s) => [s, stored[s]!.at(-1)!.time])),
    now: () => NOW,
    ...over,
  };
  return { deps, queries };
}

describe('the portfolio history service', () => {
  it('values the base-currency holdings against the benchmark and says which it left out', async () => {
    const { deps } = fake();
    const res = await createPortfolioHistoryService(deps).get({ range: '1w', benchmark: 'SPY' });
    expect(res.points.map((p) => p.value)).toEqual([1000, 1100]);
    expect(res.benchmark.symbol).toBe('SPY');
    expect(res.benchmark.points.map((p) => Math.round(p.percent * 100) / 100)).toEqual([0, 1]);
    expect(res.excluded).toEqual([
      { symbol: 'SAP.DE', reason: 'OTHER_CURRENCY' },
      { symbol: 'GHOST', reason: 'UNKNOWN_CURRENCY' },
    ]);
  });

  it('reads each range at its interval, a closed market\'s 1D ending at its last stored bar', async () => {
    const { deps, queries } = fake();
    const service = createPortfolioHistoryService(deps);
    await service.get({ range: '1d', benchmark: 'SPY' });
    expect(queries[0]).toMatchObject({ symbol: 'AAPL', interval: '5m', from: T0 + DAY - DAY });
    queries.length = 0;
    await service.get({ range: 'max', benchmark: 'SPY' });
    expect(queries[0]).toMatchObject({ interval: '1d', from: null });
  });

  it('follows the benchmark first, so an unknown one is refused before anything is read', async () => {
    const { deps, queries } = fake({ follow: async () => Promise.reject(new Error('SYMBOL_NOT_FOUND')) });
    await expect(createPortfolioHistoryService(deps).get({ range: '1m', benchmark: 'ZZZZ' })).rejects.toThrow('SYMBOL_NOT_FOUND');
    expect(queries).toEqual([]);
  });

  it('lists a held symbol with no bars in the range, and draws the benchmark alone when nothing is valued', async () => {
    const { deps } = fake({ holdings: async () => [holding('MSFT', '1')] });
    const res = await createPortfolioHistoryService(deps).get({ range: '1m', benchmark: 'SPY' });
    expect(res.points).toEqual([]);
    expect(res.excluded).toEqual([{ symbol: 'MSFT', reason: 'NO_BARS' }]);
    expect(res.benchmark.points).toHaveLength(2);
  });
});

describe('the bars a range reads', () => {
  const requests: unknown[] = [];
  const history = { get: async (req: object) => (requests.push(req), { symbol: 'AAPL', interval: '1d' as const, candles: [bar(T0, 2)] }) };

  it('are the history service\'s (the bars the chart shows), split-adjusted, Max as its max range', async () => {
    requests.length = 0;
    const read = historyBars(history, 5000);
    expect(await read({ symbol: 'AAPL', interval: '1d', from: null, to: T0 })).toEqual([bar(T0, 2)]);
    await read({ symbol: 'AAPL', interval: '1h', from: T0 - 7 * DAY, to: T0 });
    expect(requests).toEqual([
      { symbol: 'AAPL', interval: '1d', range: 'max', adjust: 'split' },
      { symbol: 'AAPL', interval: '1h', from: T0 - 7 * DAY, to: T0, adjust: 'split' },
    ]);
  });

  it('narrow a window to what HISTORY_MAX_ROWS allows, keeping its newest end', async () => {
    requests.length = 0;
    await historyBars(history, 100)({ symbol: 'AAPL', interval: '1h', from: T0 - 31 * DAY, to: T0 });
    expect(requests).toEqual([{ symbol: 'AAPL', interval: '1h', from: T0 - (100 * 3600 - 1), to: T0, adjust: 'split' }]);
  });
});
