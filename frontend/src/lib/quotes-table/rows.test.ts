import { describe, expect, it } from 'vitest';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { extendedHours, rangePosition, rowOf } from './rows.ts';

const NOW = 1_738_594_800;

describe('a quote row', () => {
  it('has every figure the table shows, from the tick and its slow-changing fields', () => {
    const tick = {
      ...makeTick({ symbol: 'AAPL', time: NOW - 12, price: 105, previousClose: 100, dayLow: 100, dayHigh: 110, dayVolume: 3_000_000, change: 5, changePercent: 5 }),
      fiftyTwoWeekLow: 80,
      fiftyTwoWeekHigh: 130,
      averageDailyVolume3Month: 2_000_000,
    };
    const row = rowOf('AAPL', 0, tick, NOW, [{ time: 0, value: 100 }, { time: 300, value: 104 }]);
    expect(row).toMatchObject({ price: 105, change: 5, percent: 5, yearLow: 80, yearHigh: 130, volumeRatio: 1.5, ageSeconds: 12, extended: null });
    expect(row.trend).toBeCloseTo(4);
  });

  it('is empty but present before the first quote', () => {
    expect(rowOf('NEW', 4, undefined, NOW)).toMatchObject({ symbol: 'NEW', index: 4, price: null, percent: null, ageSeconds: null });
  });

  it('places the price in a range, clamped, and in the middle of an empty range', () => {
    expect(rangePosition(100, 110, 105)).toBe(0.5);
    expect(rangePosition(100, 110, 120)).toBe(1);
    expect(rangePosition(100, 100, 100)).toBe(0.5);
    expect(rangePosition(null, 110, 105)).toBeNull();
  });

  it('shows the pre-market price before the open and the after-hours one after the close, against the last price', () => {
    expect(extendedHours({ price: 100, marketState: 'PRE', preMarketPrice: 102, postMarketPrice: 99 })).toEqual({ label: 'Pre-market', price: 102, change: 2, percent: 2 });
    expect(extendedHours({ price: 100, marketState: 'POST', postMarketPrice: 99 })).toMatchObject({ label: 'After hours', price: 99, change: -1 });
    expect(extendedHours({ price: 100, marketState: 'CLOSED', postMarketPrice: 99 })?.label).toBe('After hours');
    expect(extendedHours({ price: 100, marketState: 'REGULAR', preMarketPrice: 102, postMarketPrice: 99 })).toBeNull();
    expect(extendedHours({ price: 100, marketState: 'PRE', preMarketPrice: null })).toBeNull();
    // Yahoo's own figures win (its change is against the regular close)
    expect(extendedHours({ price: 100, marketState: 'POST', postMarketPrice: 99, postMarketChange: -1.5, postMarketChangePercent: -1.49 })).toMatchObject({ change: -1.5, percent: -1.49 });
  });
});
