import { describe, expect, it } from 'vitest';
import { rowOf, type QuoteRow } from './rows.ts';
import { formatSort, nextSort, parseSort, sortRows } from './sort.ts';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';

const NOW = 1_738_594_800;
function row(symbol: string, index: number, fields: { price?: number; previousClose?: number; name?: string; dayVolume?: number | null } = {}): QuoteRow {
  const tick = makeTick({ symbol, time: NOW - index, price: fields.price ?? 100, previousClose: fields.previousClose ?? 100, name: fields.name ?? null, dayVolume: fields.dayVolume ?? null, change: null, changePercent: null });
  return rowOf(symbol, index, tick, NOW);
}
const symbols = (rows: QuoteRow[]) => rows.map((r) => r.symbol);

describe('sorting quote rows', () => {
  const rows = [
    row('AAPL', 0, { price: 110, name: 'Apple' }), // +10%
    row('MSFT', 1, { price: 95, name: 'microsoft' }), // -5%
    rowOf('NEW', 2, undefined, NOW), // no quote yet
    row('NVDA', 3, { price: 120, name: 'NVIDIA' }), // +20%
  ];

  it('keeps the list order when no sort is chosen', () => {
    expect(symbols(sortRows([...rows].reverse(), null))).toEqual(['AAPL', 'MSFT', 'NEW', 'NVDA']);
  });

  it('sorts by change % either way, rows without a quote last both times', () => {
    expect(symbols(sortRows(rows, { key: 'percent', dir: 'desc' }))).toEqual(['NVDA', 'AAPL', 'MSFT', 'NEW']);
    expect(symbols(sortRows(rows, { key: 'percent', dir: 'asc' }))).toEqual(['MSFT', 'AAPL', 'NVDA', 'NEW']);
  });

  it('sorts text columns case-insensitively and by symbol', () => {
    expect(symbols(sortRows(rows, { key: 'name', dir: 'asc' }))).toEqual(['AAPL', 'MSFT', 'NVDA', 'NEW']);
    expect(symbols(sortRows(rows, { key: 'symbol', dir: 'desc' }))).toEqual(['NVDA', 'NEW', 'MSFT', 'AAPL']);
  });

  it('keeps list order among equal values', () => {
    const flat = [row('B', 0), row('A', 1), row('C', 2)];
    expect(symbols(sortRows(flat, { key: 'last', dir: 'desc' }))).toEqual(['B', 'A', 'C']);
  });

  it('sorts volume by its ratio to the 3-month average when there is one', () => {
    const a = rowOf('A', 0, { ...makeTick({ symbol: 'A', time: NOW, dayVolume: 1_000 }), averageDailyVolume3Month: 500 }, NOW); // 2x
    const b = rowOf('B', 1, { ...makeTick({ symbol: 'B', time: NOW, dayVolume: 9_000 }), averageDailyVolume3Month: 9_000 }, NOW); // 1x
    expect(symbols(sortRows([b, a], { key: 'volume', dir: 'desc' }))).toEqual(['A', 'B']);
  });
});

describe('sort in the URL', () => {
  it('reads and writes <column>-<dir>, refusing anything else', () => {
    expect(parseSort('percent-desc')).toEqual({ key: 'percent', dir: 'desc' });
    expect(parseSort('year-asc')).toEqual({ key: 'year', dir: 'asc' });
    for (const bad of [null, '', 'percent', 'bogus-asc', 'percent-up', '__proto__-asc']) expect(parseSort(bad)).toBeNull();
    expect(formatSort({ key: 'age', dir: 'asc' })).toBe('age-asc');
    expect(formatSort(null)).toBeNull();
  });

  it('cycles a header: first direction, the other one, then back to list order', () => {
    const first = nextSort(null, 'percent');
    expect(first).toEqual({ key: 'percent', dir: 'desc' });
    const second = nextSort(first, 'percent');
    expect(second).toEqual({ key: 'percent', dir: 'asc' });
    expect(nextSort(second, 'percent')).toBeNull();
    expect(nextSort(second, 'symbol')).toEqual({ key: 'symbol', dir: 'asc' });
  });
});
