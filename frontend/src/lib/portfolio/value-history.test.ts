import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { lastSession, quantitiesBySymbol, valueSeries, ValueHistory, type ValuePoint } from './value-history.ts';

const bar = (time: number, close: number): Candle => ({ time, open: close, high: close, low: close, close, volume: 1 });
const closes = (entries: Record<string, [number, number][]>) =>
  new Map(Object.entries(entries).map(([s, list]) => [s, new Map(list)]));

describe('portfolio value over time', () => {
  it('sums lots of one symbol exactly', () => {
    expect(quantitiesBySymbol([{ symbol: 'A', quantity: '0.1' }, { symbol: 'A', quantity: '0.2' }, { symbol: 'B', quantity: '3' }]))
      .toEqual(new Map([['A', 300000000000000000n], ['B', 3000000000000000000n]]));
  });

  it('sums quantity × close by time, carrying the last close of a symbol without a bar', () => {
    const q = new Map([['A', 10n * 10n ** 18n], ['B', 2n * 10n ** 18n]]);
    const series = valueSeries(q, closes({ A: [[60, 1.5], [120, 1.6], [180, 1.7]], B: [[60, 100], [180, 101]] }));
    expect(series).toEqual([
      { time: 60, value: 215 },
      { time: 120, value: 216 },
      { time: 180, value: 219 },
    ]);
  });

  it('counts a symbol at its first close before its history starts, so a late first bar is not a jump', () => {
    const q = new Map([['A', 10n ** 18n], ['B', 10n ** 18n], ['NONE', 10n ** 18n]]);
    expect(valueSeries(q, closes({ A: [[60, 1], [120, 2]], B: [[120, 5]] }))).toEqual([{ time: 60, value: 6 }, { time: 120, value: 7 }]);
    const h = new ValueHistory();
    h.applyTick({ symbol: 'A', time: 60, price: 1 });
    expect(h.missing(q)).toEqual(['B', 'NONE']);
  });

  it('does not drift: 3 × 33.33 is 99.99 and 0.1 + 0.2 shares at 1 is 0.3', () => {
    const q = quantitiesBySymbol([{ symbol: 'A', quantity: '3' }, { symbol: 'B', quantity: '0.1' }, { symbol: 'B', quantity: '0.2' }]);
    expect(valueSeries(q, closes({ A: [[60, 33.33]], B: [[60, 1]] }))).toEqual([{ time: 60, value: 100.29 }]);
  });

  it('keeps only the newest session: after the last long gap, at most a day', () => {
    const pts = (times: number[]): ValuePoint[] => times.map((time) => ({ time, value: 1 }));
    expect(lastSession(pts([0, 60, 50_000, 50_060, 50_120])).map((p) => p.time)).toEqual([50_000, 50_060, 50_120]);
    const day = Array.from({ length: 1500 }, (_, i) => i * 60);
    const kept = lastSession(pts(day));
    expect(kept[0]?.time).toBe(day.at(-1)! - 24 * 3600);
    expect(lastSession([])).toEqual([]);
  });

  it('moves the last point with every tick and adds a point when a new minute starts', () => {
    const h = new ValueHistory();
    h.setCandles('A', [bar(60, 10), bar(120, 11)]);
    const q = new Map([['A', 2n * 10n ** 18n]]);
    expect(h.series(q).at(-1)).toEqual({ time: 120, value: 22 });
    h.applyTick({ symbol: 'A', time: 150, price: 11.5 });
    expect(h.series(q).at(-1)).toEqual({ time: 120, value: 23 });
    h.applyTick({ symbol: 'A', time: 185, price: 12 });
    expect(h.series(q).slice(-2)).toEqual([{ time: 120, value: 23 }, { time: 180, value: 24 }]);
    h.applyCandle('A', 180, 12.25);
    expect(h.series(q).at(-1)).toEqual({ time: 180, value: 24.5 });
  });

  it('keeps live bars that arrived while history was loading', () => {
    const h = new ValueHistory();
    h.applyTick({ symbol: 'A', time: 200, price: 9 });
    h.setCandles('A', [bar(60, 10), bar(120, 11)]);
    expect(h.series(new Map([['A', 10n ** 18n]])).map((p) => p.value)).toEqual([10, 11, 9]);
  });

  it('bounds the minutes kept for a page left open for days', () => {
    const h = new ValueHistory();
    for (let i = 0; i < 4000; i++) h.applyTick({ symbol: 'A', time: i * 60, price: 1 });
    expect(h.series(new Map([['A', 10n ** 18n]])).length).toBeLessThanOrEqual(24 * 60 + 1);
  });
});
