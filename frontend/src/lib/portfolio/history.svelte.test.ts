import { describe, expect, it } from 'vitest';
import type { HoldingRecord } from '@tickstream/shared';
import type { LiveContext } from '../live/context.ts';
import type { PortfolioApi } from './api.ts';
import { PortfolioHistory } from './history.svelte.ts';

const record = (id: number, symbol: string, acquiredOn: string | null): HoldingRecord => ({ id, symbol, quantity: '1', costPerShare: '1', note: null, acquiredOn });

describe('PortfolioHistory', () => {
  it('names the held symbols without an acquired-on date (counted over the whole range), each once, following the holdings', () => {
    let records = $state([record(1, 'AAPL', null), record(2, 'MSFT', '2024-03-15'), record(3, 'AAPL', null)]);
    const history = new PortfolioHistory({} as PortfolioApi, {} as LiveContext, () => records, undefined);
    expect(history.undated).toEqual(['AAPL']);
    records = [record(2, 'MSFT', '2024-03-15')];
    expect(history.undated).toEqual([]);
  });
});
