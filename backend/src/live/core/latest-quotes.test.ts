import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { makeTick } from '../../../test/fixtures/factories.ts';
import { latestTicks, newestTick } from './latest-quotes.ts';

const t = (symbol: string, time: number, more: Partial<Tick> = {}) => makeTick({ symbol, time, ...more });

describe('quote merging', () => {
  it('keeps symbol order and picks the newer of stored and live per symbol', () => {
    const merged = latestTicks(['B', 'A', 'C'], new Map([['A', t('A', 15)], ['B', t('B', 5)], ['X', t('X', 1)]]), [t('A', 10), t('B', 20)]);
    expect([...merged.values()].map((q) => [q.symbol, q.time])).toEqual([
      ['B', 20],
      ['A', 15],
    ]);
  });

  it('takes the live tick when both have the same time', () => {
    const live = t('A', 10, { price: 2, name: 'Apple' });
    expect(newestTick(live, t('A', 10, { price: 1 }))).toBe(live);
  });

  it('keeps the name live memory knows when the newer tick comes from the store', () => {
    expect(newestTick(t('A', 10, { name: 'Apple' }), t('A', 20))).toMatchObject({ time: 20, name: 'Apple' });
  });
});
