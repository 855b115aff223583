import { describe, expect, it } from 'vitest';
import { copyName, moveBy, moveTo, withoutSymbol } from './order.ts';

describe('list edits', () => {
  const list = ['AAPL', 'MSFT', 'NVDA'];

  it('moves a symbol one place, clamped at the ends (same array when nothing moves)', () => {
    expect(moveBy(list, 'MSFT', -1)).toEqual(['MSFT', 'AAPL', 'NVDA']);
    expect(moveBy(list, 'MSFT', 1)).toEqual(['AAPL', 'NVDA', 'MSFT']);
    expect(moveBy(list, 'AAPL', -1)).toBe(list);
    expect(moveBy(list, 'NOPE', 1)).toBe(list);
  });

  it('drops a dragged entry where it lands', () => {
    expect(moveTo(list, 0, 2)).toEqual(['MSFT', 'NVDA', 'AAPL']);
    expect(moveTo(list, 2, 0)).toEqual(['NVDA', 'AAPL', 'MSFT']);
    expect(moveTo(list, 1, 5)).toBe(list);
  });

  it('removes a symbol', () => {
    expect(withoutSymbol(list, 'MSFT')).toEqual(['AAPL', 'NVDA']);
    expect(withoutSymbol(list, 'X')).toBe(list);
  });

  it('names a copy so that no two lists share a name', () => {
    expect(copyName('Watchlist', ['Watchlist'])).toBe('Watchlist (copy)');
    expect(copyName('Watchlist', ['Watchlist', 'watchlist (COPY)', 'Watchlist (copy 2)'])).toBe('Watchlist (copy 3)');
  });
});
