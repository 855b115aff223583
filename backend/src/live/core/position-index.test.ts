import { describe, expect, it } from 'vitest';
import type { Entry } from './entry.ts';
import { createPositionIndex } from './position-index.ts';

const e = (offset: number, type: Entry['type'], symbol: string | null, time = offset): Entry => ({ offset, type, symbol, time, json: '{}' });

describe('position index', () => {
  it('lists the ticks and bars after a position for the asked symbols', () => {
    const index = createPositionIndex(100);
    index.reset(1);
    [e(1, 'tick', 'AAPL'), e(2, 'tick', 'MSFT'), e(3, 'candle', 'AAPL', 60), e(4, 'status', null), e(5, 'tick', 'AAPL')].forEach(index.add);
    expect(index.after(1, new Set(['AAPL']))).toEqual([
      { offset: 3, type: 'candle', symbol: 'AAPL', time: 60 },
      { offset: 5, type: 'tick', symbol: 'AAPL', time: 5 },
    ]);
    expect(index.keptAfter(3).map((s) => s.offset)).toEqual([4]);
  });

  it('keeps the newest evicted info message of each symbol whole, in offset order with statuses', () => {
    const index = createPositionIndex(100);
    index.reset(1);
    [e(1, 'info', 'AAPL', 0), e(2, 'info', 'MSFT', 0), e(3, 'status', null), e(4, 'info', 'AAPL', 0), e(5, 'tick', 'AAPL')].forEach(index.add);
    expect(index.keptAfter(0).map((k) => [k.offset, k.symbol])).toEqual([
      [2, 'MSFT'],
      [3, null],
      [4, 'AAPL'],
    ]);
    expect(index.keptAfter(4)).toEqual([]);
    expect(index.after(0, new Set(['AAPL']))).toEqual([{ offset: 5, type: 'tick', symbol: 'AAPL', time: 5 }]);
  });

  it('covers positions from its reset point until entries are evicted', () => {
    const index = createPositionIndex(2);
    index.reset(10);
    expect(index.covers(9)).toBe(true);
    expect(index.covers(8)).toBe(false);
    [e(10, 'tick', 'A'), e(11, 'tick', 'A'), e(12, 'tick', 'A')].forEach(index.add);
    expect(index.covers(9)).toBe(false);
    expect(index.covers(10)).toBe(true);
    expect(index.after(10, new Set(['A'])).map((p) => p.offset)).toEqual([11, 12]);
  });

  it('covers nothing older once its capacity is 0', () => {
    const index = createPositionIndex(0);
    index.reset(1);
    index.add(e(1, 'tick', 'A'));
    expect(index.covers(0)).toBe(false);
    expect(index.covers(1)).toBe(true);
  });
});
