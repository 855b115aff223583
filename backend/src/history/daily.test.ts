import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { appendDays, bucketOfDay } from './daily.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const bar = (iso: string, close: number, volume = 100): Candle => ({ time: day(iso), open: close - 1, high: close + 1, low: close - 2, close, volume });

describe('daily bars with the forming days', () => {
  it('buckets a day by itself, its Monday and its month', () => {
    expect(bucketOfDay(day('2024-05-08'), '1d')).toBe(day('2024-05-08'));
    expect(bucketOfDay(day('2024-05-08'), '1wk')).toBe(day('2024-05-06'));
    expect(bucketOfDay(day('2024-05-12'), '1wk')).toBe(day('2024-05-06')); // Sunday (crypto) ends the ISO week
    expect(bucketOfDay(day('2024-05-31'), '1mo')).toBe(day('2024-05-01'));
  });

  it('appends today as its own daily bar', () => {
    expect(appendDays([bar('2024-05-07', 10)], [bar('2024-05-08', 12)], '1d', 0).map((c) => c.close)).toEqual([10, 12]);
  });

  it('folds today into this week’s bar, and starts next month’s', () => {
    const weeks = appendDays([{ ...bar('2024-05-06', 10), high: 15, volume: 500 }], [bar('2024-05-08', 12)], '1wk', 0);
    expect(weeks).toEqual([{ time: day('2024-05-06'), open: 9, high: 15, low: 8, close: 12, volume: 600 }]);
    const months = appendDays([bar('2024-05-01', 10)], [bar('2024-05-31', 11), bar('2024-06-03', 12)], '1mo', 0);
    expect(months.map((c) => [new Date(c.time * 1000).toISOString().slice(0, 10), c.close])).toEqual([
      ['2024-05-01', 11],
      ['2024-06-01', 12],
    ]);
  });

  it('leaves out a day whose bucket starts before the window', () => {
    expect(appendDays([], [bar('2024-05-08', 12)], '1wk', day('2024-05-07'))).toEqual([]);
  });
});
