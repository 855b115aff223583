import { describe, expect, it } from 'vitest';
import type { Tick } from '@tickstream/shared';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { QuoteTable } from './table.svelte.ts';
import type { Sort } from './sort.ts';

const NOW = 1_738_594_800;
const body = { tagName: 'BODY' } as unknown as EventTarget;
const key = (k: string, target: EventTarget = body) => ({ key: k, target });

function setup() {
  const state = $state({
    symbols: ['AAPL', 'MSFT', 'NVDA'],
    sort: null as Sort | null,
    ticks: {
      AAPL: makeTick({ symbol: 'AAPL', time: NOW, price: 101, previousClose: 100 }),
      MSFT: makeTick({ symbol: 'MSFT', time: NOW, price: 90, previousClose: 100 }),
      NVDA: makeTick({ symbol: 'NVDA', time: NOW, price: 120, previousClose: 100 }),
    } as Record<string, Tick>,
  });
  const table = new QuoteTable({
    symbols: () => state.symbols,
    tickOf: (s) => state.ticks[s],
    pointsOf: () => [],
    nowSeconds: () => NOW,
    sort: () => state.sort,
  });
  return { state, table };
}

describe('QuoteTable', () => {
  it('has a row per symbol in list order, re-sorted when the sort changes', () => {
    const { state, table } = setup();
    expect(table.rows.map((r) => r.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    state.sort = { key: 'percent', dir: 'desc' };
    expect(table.rows.map((r) => r.symbol)).toEqual(['NVDA', 'AAPL', 'MSFT']);
  });

  it('moves the cursor with j and k, clamped at the ends, and opens its symbol on Enter', () => {
    const { table } = setup();
    expect(table.key(key('Enter'))).toEqual({ handled: false, open: null });
    expect(table.key(key('j')).handled).toBe(true);
    expect(table.cursor).toBe('AAPL');
    table.key(key('j'));
    table.key(key('j'));
    table.key(key('j'));
    expect(table.cursor).toBe('NVDA');
    table.key(key('k'));
    expect(table.key(key('Enter'))).toEqual({ handled: true, open: 'MSFT' });
  });

  it('starts from the last row when k comes first', () => {
    const { table } = setup();
    table.key(key('k'));
    expect(table.cursor).toBe('NVDA');
  });

  it('keeps the cursor on its symbol when the rows are re-sorted', () => {
    const { state, table } = setup();
    table.key(key('j')); // AAPL
    state.sort = { key: 'percent', dir: 'asc' }; // MSFT, AAPL, NVDA
    expect(table.cursorIndex).toBe(1);
    table.key(key('j'));
    expect(table.cursor).toBe('NVDA');
  });

  it('leaves j, k and Enter alone while typing or on a link or button', () => {
    const { table } = setup();
    const input = { tagName: 'INPUT' } as unknown as EventTarget;
    expect(table.key(key('j', input)).handled).toBe(false);
    table.key(key('j'));
    expect(table.key(key('Enter', { tagName: 'BUTTON' } as unknown as EventTarget)).handled).toBe(false);
    expect(table.key({ key: 'j', target: body, ctrlKey: true }).handled).toBe(false);
  });
});
