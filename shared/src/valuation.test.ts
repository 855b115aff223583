import { describe, expect, it } from 'vitest';
import { makeTick } from '../../backend/test/fixtures/factories.ts';
import type { Tick } from './market.ts';
import { isQuoteStale, quoteFromTick, valuePortfolio, type HoldingRecord, type Quote } from './valuation.ts';

let nextId = 1;
const holding = (symbol: string, quantity: string, costPerShare: string): HoldingRecord => ({
  id: nextId++, symbol, quantity, costPerShare, note: null, acquiredOn: null,
});
const quote = (price: number, previousClose: number | null, currency: string | null = 'USD', stale = false): Quote => ({
  price, previousClose, change: null, currency, stale,
});
const tick = (over: Partial<Tick> = {}): Tick => makeTick({ time: 1_000, change: 1, changePercent: 1, previousClose: 99, ...over });

describe('valuePortfolio', () => {
  it('values a holding: market value, day change, unrealized P/L and weight', () => {
    const { holdings, totals } = valuePortfolio([holding('AAPL', '10', '150.25')], new Map([['AAPL', quote(160, 155)]]));
    expect(holdings[0]).toMatchObject({
      price: '160', marketValue: '1600.00', costBasis: '1502.50', dayChange: '50.00', dayChangePercent: '3.23',
      unrealizedPnl: '97.50', unrealizedPnlPercent: '6.49', weight: '100.00', currency: 'USD', stale: false,
    });
    expect(totals).toMatchObject({ currency: 'USD', marketValue: '1600.00', costBasis: '1502.50', dayChange: '50.00', count: 1, excluded: [] });
  });

  it('keeps a holding with no quote visible but out of the totals', () => {
    const { holdings, totals } = valuePortfolio(
      [holding('AAPL', '1', '100'), holding('ZZZZ', '5', '10')],
      new Map([['AAPL', quote(110, 100)]]),
    );
    expect(holdings[1]).toMatchObject({ symbol: 'ZZZZ', price: null, marketValue: null, weight: null, currency: null, stale: true, costBasis: '50.00' });
    expect(totals.marketValue).toBe('110.00');
    expect(totals.costBasis).toBe('100.00');
    expect(totals.excluded).toEqual([{ id: holdings[1]?.id, symbol: 'ZZZZ', currency: null, reason: 'NO_QUOTE' }]);
  });

  it('values a stale quote at its last price and flags the row and the totals', () => {
    const { holdings, totals } = valuePortfolio([holding('AAPL', '2', '100')], new Map([['AAPL', quote(120, 118, 'USD', true)]]));
    expect(holdings[0]).toMatchObject({ marketValue: '240.00', stale: true });
    expect(totals.stale).toBe(true);
  });

  it('does not drift: lots of 0.1 and 0.2 shares at 0.1 and three lots at 33.33', () => {
    const { totals } = valuePortfolio(
      [holding('A', '0.1', '0.1'), holding('A', '0.2', '0.2'), holding('B', '1', '33.33'), holding('B', '1', '33.33'), holding('B', '1', '33.33')],
      new Map([['A', quote(0.3, null)], ['B', quote(33.33, null)]]),
    );
    expect(totals.costBasis).toBe('100.04'); // 0.01 + 0.04 + 99.99, exactly
    expect(totals.marketValue).toBe('100.08'); // 0.09 + 99.99
    expect(totals.unrealizedPnl).toBe('0.04');
  });

  it('rounds totals from the exact sums, not from the rows already rounded to cents', () => {
    // Each lot: 0.5 x 10.01 = 5.005 (row 5.01), cost 0.5 x 10.007 = 5.0035 (row 5.00), day change 0.005 (row 0.01).
    const lots = [1, 2, 3].map(() => holding('X', '0.5', '10.007'));
    const { holdings, totals } = valuePortfolio(lots, new Map([['X', quote(10.01, 10)]]));
    expect(holdings.map((h) => [h.marketValue, h.costBasis, h.dayChange, h.unrealizedPnl])).toEqual(Array(3).fill(['5.01', '5.00', '0.01', '0.00']));
    // Exact: 15.015, 15.0105, 0.015 and 0.0045; summing the rounded rows would give 15.03, 15.00, 0.03 and 0.03.
    expect(totals).toMatchObject({ marketValue: '15.02', costBasis: '15.01', dayChange: '0.02', unrealizedPnl: '0.00' });
  });

  it('rounds each figure once from exact values (1.005 becomes 1.01, not 1.00)', () => {
    const { holdings } = valuePortfolio([holding('X', '1', '1')], new Map([['X', quote(1.005, null)]]));
    expect(holdings[0]?.marketValue).toBe('1.01');
  });

  it('never mixes currencies: other currencies get their own totals and are listed as excluded', () => {
    const { holdings, totals, otherCurrencies } = valuePortfolio(
      [holding('AAPL', '1', '100'), holding('WSU.DE', '10', '40'), holding('ODD', '1', '1')],
      new Map([['AAPL', quote(110, 100)], ['WSU.DE', quote(42.5, 42, 'EUR')], ['ODD', quote(2, null, null)]]),
    );
    expect(totals).toMatchObject({ currency: 'USD', marketValue: '110.00', count: 1 });
    expect(totals.excluded?.map((e) => [e.symbol, e.reason, e.currency])).toEqual([
      ['WSU.DE', 'OTHER_CURRENCY', 'EUR'],
      ['ODD', 'UNKNOWN_CURRENCY', null],
    ]);
    expect(otherCurrencies).toEqual([
      expect.objectContaining({ currency: 'EUR', marketValue: '425.00', dayChange: '5.00', unrealizedPnl: '25.00', count: 1 }),
    ]);
    expect(holdings.find((h) => h.symbol === 'WSU.DE')).toMatchObject({ currency: 'EUR', weight: '100.00' });
  });

  it('derives the previous close from the change when only the change is quoted', () => {
    const { holdings } = valuePortfolio([holding('X', '4', '10')], new Map([['X', { ...quote(12, null), change: -0.5 }]]));
    expect(holdings[0]).toMatchObject({ dayChange: '-2.00', dayChangePercent: '-4.00' });
  });

  it('weighs holdings within their currency and totals an empty portfolio as zero', () => {
    const { holdings } = valuePortfolio(
      [holding('A', '1', '1'), holding('B', '2', '1')],
      new Map([['A', quote(1, null)], ['B', quote(1, null)]]),
    );
    expect(holdings.map((h) => h.weight)).toEqual(['33.33', '66.67']);
    expect(valuePortfolio([], new Map()).totals).toMatchObject({ marketValue: '0.00', dayChangePercent: null, unrealizedPnlPercent: null });
  });
});

describe('isQuoteStale', () => {
  const rules = { nowSeconds: 1_000, staleAfterSeconds: 300 };

  it('flags an open-market quote older than the limit, not a closed market one', () => {
    expect(isQuoteStale(tick({ time: 600 }), rules)).toBe(true);
    expect(isQuoteStale(tick({ time: 800 }), rules)).toBe(false);
    expect(isQuoteStale(tick({ time: 0, marketState: 'CLOSED' }), rules)).toBe(false);
  });

  it('flags every quote when the source is stale and one symbol when it has an error', () => {
    expect(isQuoteStale(tick(), { ...rules, status: { stale: true, symbolErrors: {} } })).toBe(true);
    expect(isQuoteStale(tick(), { ...rules, status: { stale: false, symbolErrors: { AAPL: 'no data' } } })).toBe(true);
    expect(isQuoteStale(tick({ symbol: 'MSFT' }), { ...rules, status: { stale: false, symbolErrors: { AAPL: 'x' } } })).toBe(false);
  });

  it('keeps the currency code verbatim: pence (GBp) are not pounds (GBP)', () => {
    expect(quoteFromTick(tick({ currency: 'GBp' }), rules).currency).toBe('GBp');
    expect(quoteFromTick(tick({ currency: '' }), rules).currency).toBeNull();
  });
});
