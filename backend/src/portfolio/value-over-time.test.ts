import { describe, expect, it } from 'vitest';
import { acquiredSince, benchmarkOverTime, valueOverTime, type ClosePoint, type Lot } from './value-over-time.ts';

const DAY = 86_400;
const D1 = Date.parse('2026-11-02T00:00:00Z') / 1000;
const bars = (...pairs: Array<[number, number]>): ClosePoint[] => pairs.map(([time, close]) => ({ time, close }));
const round = (n: number) => Math.round(n * 1e6) / 1e6;

describe('the portfolio value over time', () => {
  it('sums quantity × close at every bar time', () => {
    const lots: Lot[] = [
      { symbol: 'AAPL', quantity: 10, since: null },
      { symbol: 'MSFT', quantity: 2, since: null },
    ];
    const points = valueOverTime(lots, new Map([
      ['AAPL', bars([D1, 100], [D1 + DAY, 110])],
      ['MSFT', bars([D1, 300], [D1 + DAY, 330])],
    ]));
    expect(points.map((p) => p.value)).toEqual([1600, 1760]);
    expect(round(points[1]!.percent)).toBe(10);
  });

  it('counts a holding only from its acquiredOn day, and buying it is not a gain', () => {
    const lots: Lot[] = [
      { symbol: 'AAPL', quantity: 10, since: null },
      { symbol: 'MSFT', quantity: 1, since: acquiredSince('2026-11-03') },
    ];
    const points = valueOverTime(lots, new Map([
      ['AAPL', bars([D1, 100], [D1 + DAY, 100], [D1 + 2 * DAY, 100])],
      ['MSFT', bars([D1, 500], [D1 + DAY, 500], [D1 + 2 * DAY, 550])],
    ]));
    expect(points.map((p) => p.value)).toEqual([1000, 1500, 1550]);
    // day 2: +500 of value, 0% return; day 3: +50 on 1500 held
    expect(points.map((p) => round(p.percent))).toEqual([0, 0, round((1550 / 1500 - 1) * 100)]);
  });

  it('starts when the first holding is held', () => {
    const lots: Lot[] = [{ symbol: 'AAPL', quantity: 1, since: acquiredSince('2026-11-03') }];
    const points = valueOverTime(lots, new Map([['AAPL', bars([D1, 100], [D1 + DAY, 101], [D1 + 2 * DAY, 102])]]));
    expect(points.map((p) => p.time)).toEqual([D1 + DAY, D1 + 2 * DAY]);
    expect(points[0]!.percent).toBe(0);
  });

  it('carries a missing bar forward and values a late history at its first close', () => {
    const lots: Lot[] = [
      { symbol: 'AAPL', quantity: 1, since: null },
      { symbol: 'NEW', quantity: 1, since: null },
    ];
    const points = valueOverTime(lots, new Map([
      ['AAPL', bars([D1, 100], [D1 + 2 * DAY, 120])],
      ['NEW', bars([D1 + DAY, 50], [D1 + 2 * DAY, 60])],
    ]));
    expect(points.map((p) => p.value)).toEqual([150, 150, 180]);
  });

  it('leaves out holdings without bars and is empty without holdings', () => {
    const lots: Lot[] = [{ symbol: 'NONE', quantity: 5, since: null }];
    expect(valueOverTime(lots, new Map())).toEqual([]);
    expect(valueOverTime([], new Map([['AAPL', bars([D1, 1])]]))).toEqual([]);
  });

  it('reads acquiredOn as the start of that UTC day', () => {
    expect(acquiredSince('2026-11-03')).toBe(D1 + DAY);
    expect(acquiredSince(null)).toBeNull();
  });
});

describe('the benchmark line', () => {
  it('is % change from its first close at the portfolio\'s times, carried forward, absent before its first bar', () => {
    const points = benchmarkOverTime([D1, D1 + DAY, D1 + 2 * DAY, D1 + 3 * DAY], bars([D1 + DAY, 400], [D1 + 2 * DAY, 420]));
    expect(points.map((p) => [p.time, p.close, round(p.percent)])).toEqual([
      [D1 + DAY, 400, 0],
      [D1 + 2 * DAY, 420, 5],
      [D1 + 3 * DAY, 420, 5],
    ]);
  });
});
