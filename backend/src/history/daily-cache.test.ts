import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { createDailySeriesCache, sliceWindow } from './daily-cache.ts';

const bars = (n: number): Candle[] => Array.from({ length: n }, (_, i) => ({ time: i * 10, open: 1, high: 1, low: 1, close: 1, volume: 0 }));

describe('daily series cache', () => {
  it('loads a key once, even for concurrent readers, and evicts the least recently used past its size', async () => {
    const cache = createDailySeriesCache(10);
    let loads = 0;
    const load = (n: number) => async () => (loads++, bars(n));
    const size = (b: Candle[]) => b.length;
    await Promise.all([cache.get('a', load(6), size), cache.get('a', load(6), size)]);
    expect(loads).toBe(1);
    await cache.get('b', load(3), size);
    await cache.get('a', load(6), size); // a is now the most recent
    await cache.get('c', load(3), size); // 12 bars: b goes
    await cache.get('a', load(6), size);
    expect(loads).toBe(3);
    await cache.get('b', load(3), size);
    expect(loads).toBe(4);
  });

  it('forgets a failed load so the next reader tries again', async () => {
    const cache = createDailySeriesCache();
    await expect(cache.get('a', () => Promise.reject(new Error('down')), () => 0)).rejects.toThrow('down');
    expect(await cache.get('a', async () => bars(1), (b) => b.length)).toHaveLength(1);
  });

  it('slices the bars whose time lies in the window, both ends inclusive', () => {
    expect(sliceWindow(bars(10), 20, 50).map((b) => b.time)).toEqual([20, 30, 40, 50]);
    expect(sliceWindow(bars(10), 21, 49).map((b) => b.time)).toEqual([30, 40]);
    expect(sliceWindow(bars(10), 200, 300)).toEqual([]);
  });
});
