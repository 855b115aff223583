import { describe, expect, it } from 'vitest';
import type { Watchlist } from '@tickstream/shared';
import { shownList } from './select.ts';

const list = (id: number, symbols: string[]): Watchlist => ({
  id,
  name: id === 0 ? 'Watchlist' : `L${id}`,
  symbols,
  source: id === 0 ? 'env' : 'user',
  readOnly: id === 0,
  createdAt: 0,
  updatedAt: 0,
});

describe('the list the page shows', () => {
  const lists = [list(0, ['AAPL']), list(3, ['BTC-USD'])];

  it('is the one the URL names, else the first', () => {
    expect(shownList(lists, '3', []).list?.id).toBe(3);
    expect(shownList(lists, null, []).list?.id).toBe(0);
  });

  it('falls back to the first list, saying so, when the named one is gone', () => {
    expect(shownList(lists, '9', [])).toMatchObject({ list: { id: 0 }, missing: true });
    expect(shownList(lists, 'abc', [])).toMatchObject({ list: { id: 0 }, missing: true });
  });

  it('shows the live WATCHLIST before the lists have loaded', () => {
    expect(shownList([], null, ['AAPL', 'MSFT'])).toEqual({ list: null, symbols: ['AAPL', 'MSFT'], missing: false });
  });
});
