import { describe, expect, it } from 'vitest';
import type { PortfolioHistoryResponse } from '@tickstream/shared';
import { excludedReason, liveValue, withLiveTail } from './history.ts';

const H = 3600;
const res = (over: Partial<PortfolioHistoryResponse> = {}): PortfolioHistoryResponse => ({
  range: '1w',
  interval: '1h',
  currency: 'USD',
  points: [
    { time: 10 * H, value: 1000, percent: 0 },
    { time: 11 * H, value: 1500, percent: 5 },
  ],
  benchmark: { symbol: 'SPY', points: [{ time: 10 * H, close: 400, percent: 0 }, { time: 11 * H, close: 404, percent: 1 }] },
  excluded: [],
  ...over,
});

describe('the live last point of the portfolio chart', () => {
  it('appends the current bucket, chaining the % from the last stored point', () => {
    const view = withLiveTail(res(), { value: 1530, benchmarkClose: 408, nowSeconds: 12 * H + 100 });
    expect(view.points.at(-1)).toEqual({ time: 12 * H, value: 1530, percent: expect.closeTo(7.1, 6) });
    expect(view.benchmark.at(-1)).toEqual({ time: 12 * H, close: 408, percent: expect.closeTo(2, 9) });
  });

  it('replaces the point of a bucket still forming instead of adding a second one', () => {
    const view = withLiveTail(res(), { value: 1515, benchmarkClose: null, nowSeconds: 11 * H + 600 });
    expect(view.points).toHaveLength(2);
    expect(view.points[1]).toEqual({ time: 11 * H, value: 1515, percent: expect.closeTo(6.05, 6) });
    expect(view.benchmark).toHaveLength(2);
  });

  it('starts a line at 0% from live prices when nothing is stored yet', () => {
    const view = withLiveTail(res({ points: [], benchmark: { symbol: 'SPY', points: [] } }), { value: 99, benchmarkClose: 400, nowSeconds: 5 * H });
    expect(view.points).toEqual([{ time: 5 * H, value: 99, percent: 0 }]);
    expect(view.benchmark).toEqual([{ time: 5 * H, close: 400, percent: 0 }]);
  });

  it('values only the counted holdings, and not before each of them has a price', () => {
    const holdings = [{ symbol: 'AAPL', quantity: '10' }, { symbol: 'AAPL', quantity: '0.5' }, { symbol: 'SAP.DE', quantity: '3' }];
    const prices: Record<string, number> = { AAPL: 200 };
    expect(liveValue(holdings, new Set(['AAPL']), (s) => prices[s])).toBe(2100);
    expect(liveValue(holdings, new Set(['AAPL', 'SAP.DE']), (s) => prices[s])).toBeNull();
  });
});

describe('why a holding is not on the portfolio chart', () => {
  it('a EUR holding on a USD chart is in another currency, named once its quote says it, even if the server had no quote then', () => {
    expect(excludedReason({ symbol: 'SAP.DE', reason: 'OTHER_CURRENCY' }, 'USD', 'EUR')).toBe('other currency: EUR');
    expect(excludedReason({ symbol: 'SAP.DE', reason: 'UNKNOWN_CURRENCY' }, 'USD', 'EUR')).toBe('other currency: EUR');
    expect(excludedReason({ symbol: 'SAP.DE', reason: 'OTHER_CURRENCY' }, 'USD', undefined)).toBe('other currency');
  });

  it('a holding with no quote anywhere yet is waiting for one, and one without bars says so', () => {
    expect(excludedReason({ symbol: 'NEW', reason: 'UNKNOWN_CURRENCY' }, 'USD', undefined)).toBe('no quote yet');
    expect(excludedReason({ symbol: 'NEW', reason: 'UNKNOWN_CURRENCY' }, 'USD', 'USD')).toBe('no quote yet');
    expect(excludedReason({ symbol: 'NEW', reason: 'NO_BARS' }, 'USD', 'USD')).toBe('no stored prices in this range');
  });
});
