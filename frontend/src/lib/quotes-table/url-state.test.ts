import { describe, expect, it } from 'vitest';
import { readViewState, withViewState } from './url-state.ts';

describe('watchlist view in the URL', () => {
  it('defaults to the first list, list order and cards', () => {
    expect(readViewState(new URLSearchParams(''))).toEqual({ list: null, sort: null, view: 'cards' });
  });

  it('reads list, sort and view', () => {
    expect(readViewState(new URLSearchParams('list=3&sort=percent-desc&view=table'))).toEqual({
      list: '3',
      sort: { key: 'percent', dir: 'desc' },
      view: 'table',
    });
  });

  it('writes only what differs from the defaults and keeps other parameters', () => {
    const url = new URL('http://x/?list=3&sort=percent-desc&view=table&debug=1');
    const next = withViewState(url, { view: 'cards', sort: null });
    expect(next.search).toBe('?list=3&debug=1');
    expect(withViewState(next, { sort: { key: 'age', dir: 'asc' }, view: 'table' }).search).toBe('?list=3&debug=1&sort=age-asc&view=table');
    expect(withViewState(new URL('http://x/?list=3'), { list: null }).search).toBe('');
  });

  it('ignores an unknown view or sort', () => {
    expect(readViewState(new URLSearchParams('view=grid&sort=nope'))).toEqual({ list: null, sort: null, view: 'cards' });
  });
});
