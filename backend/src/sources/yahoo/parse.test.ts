import { describe, expect, it } from 'vitest';
import type { SkipKind, SkipSink } from '../skips.ts';
import { mapMarketState, readNumber, readUnixSeconds, validateBars, validateQuote, type ValidationContext } from './parse.ts';

const NOW = 1_741_100_430;

function ctx(): ValidationContext & { kinds: SkipKind[] } {
  const kinds: SkipKind[] = [];
  const skips: SkipSink = { skip: (kind) => void kinds.push(kind), notice: () => {} };
  return { nowSec: NOW, skips, source: 'yahoo', kinds };
}

const quote = (over: Record<string, unknown> = {}) => ({
  symbol: 'AAPL',
  regularMarketPrice: 236.42,
  regularMarketTime: new Date((NOW - 2) * 1000),
  regularMarketPreviousClose: 235.33,
  marketState: 'REGULAR',
  currency: 'USD',
  ...over,
});

describe('readNumber / readUnixSeconds', () => {
  it('reads numbers, numeric strings and { raw } and rejects NaN and Infinity', () => {
    expect(readNumber(1.5)).toEqual({ kind: 'ok', value: 1.5 });
    expect(readNumber('2.5')).toEqual({ kind: 'ok', value: 2.5 });
    expect(readNumber({ raw: 3, fmt: '3.00' })).toEqual({ kind: 'ok', value: 3 });
    expect(readNumber(null).kind).toBe('missing');
    expect(readNumber({}).kind).toBe('missing');
    for (const bad of [Number.NaN, Infinity, -Infinity, 'NaN', 'Infinity', 'abc', true]) expect(readNumber(bad).kind).toBe('invalid');
  });

  it('reads Dates, epoch seconds, epoch milliseconds and { raw } as unix seconds', () => {
    expect(readUnixSeconds(new Date(NOW * 1000 + 999))).toBe(NOW);
    expect(readUnixSeconds(NOW)).toBe(NOW);
    expect(readUnixSeconds(NOW * 1000)).toBe(NOW);
    expect(readUnixSeconds({ raw: NOW })).toBe(NOW);
    expect(readUnixSeconds(new Date(Number.NaN))).toBeNull();
    expect(readUnixSeconds('soon')).toBeNull();
  });
});

describe('mapMarketState', () => {
  it('folds Yahoo states onto PRE/REGULAR/POST/CLOSED', () => {
    expect(['PRE', 'PREPRE', 'REGULAR', 'POST', 'POSTPOST', 'CLOSED'].map(mapMarketState)).toEqual(['PRE', 'CLOSED', 'REGULAR', 'POST', 'CLOSED', 'CLOSED']);
    expect(mapMarketState('OVERNIGHT')).toBeNull();
  });
});

describe('validateQuote', () => {
  it('accepts a sane quote', () => {
    const c = ctx();
    const v = validateQuote('AAPL', quote(), c);
    expect(v.ok && v.tick).toMatchObject({ symbol: 'AAPL', time: NOW - 2, price: 236.42, marketState: 'REGULAR' });
    expect(c.kinds).toEqual([]);
  });

  it("reads the session's info and pre/post-market fields in Yahoo's shapes", () => {
    const c = ctx();
    const v = validateQuote(
      'AAPL',
      quote({
        marketState: 'POST',
        fullExchangeName: 'NasdaqGS',
        exchange: 'NMS',
        exchangeTimezoneName: 'America/New_York',
        regularMarketOpen: 241.07,
        fiftyTwoWeekHigh: 260.1,
        fiftyTwoWeekLow: 164.08,
        averageDailyVolume3Month: 50443058,
        preMarketPrice: { raw: 240.5, fmt: '240.50' },
        preMarketChange: -1.03,
        preMarketChangePercent: -0.42,
        preMarketTime: new Date((NOW - 30_000) * 1000),
        postMarketPrice: 244.64,
        postMarketChange: 0.0399933,
        postMarketChangePercent: 0.0163505,
        postMarketTime: NOW - 60,
      }),
      c,
    );
    expect(v.ok && v.tick).toMatchObject({
      exchange: 'NasdaqGS',
      timezone: 'America/New_York',
      open: 241.07,
      fiftyTwoWeekHigh: 260.1,
      fiftyTwoWeekLow: 164.08,
      averageDailyVolume3Month: 50443058,
      preMarketPrice: 240.5,
      preMarketChange: -1.03,
      preMarketChangePercent: -0.42,
      preMarketTime: NOW - 30_000,
      postMarketPrice: 244.64,
      postMarketTime: NOW - 60,
    });
    expect(c.kinds).toEqual([]);
    expect(validateQuote('AAPL', quote({ postMarketPrice: -3 }), ctx())).toMatchObject({ ok: true, tick: { postMarketPrice: null } });
  });

  it.each([
    [Number.NaN, 'non_finite_price'],
    [Infinity, 'non_finite_price'],
    [0, 'non_positive_price'],
    [-1, 'non_positive_price'],
    [undefined, 'missing_price'],
  ])('rejects price %s as %s', (price, kind) => {
    const c = ctx();
    expect(validateQuote('AAPL', quote({ regularMarketPrice: price }), c).ok).toBe(false);
    expect(c.kinds).toEqual([kind]);
  });

  it('nulls invalid optional fields instead of dropping the tick', () => {
    const c = ctx();
    const v = validateQuote('AAPL', quote({ regularMarketDayHigh: -1, regularMarketVolume: Number.NaN, regularMarketChange: Infinity }), c);
    expect(v.ok && [v.tick.dayHigh, v.tick.dayVolume, v.tick.change]).toEqual([null, null, null]);
    expect(c.kinds).toEqual(['invalid_field', 'invalid_field', 'invalid_field']);
  });

  it('rejects times beyond the clock skew and older than 31 days', () => {
    expect(validateQuote('AAPL', quote({ regularMarketTime: NOW + 60 }), ctx()).ok).toBe(true);
    expect(validateQuote('AAPL', quote({ regularMarketTime: NOW + 600 }), ctx()).ok).toBe(false);
    expect(validateQuote('AAPL', quote({ regularMarketTime: NOW - 40 * 86_400 }), ctx()).ok).toBe(false);
  });
});

describe('validateBars', () => {
  const chart = (timestamp: unknown[], q: Record<string, unknown[]>) => ({ timestamp, indicators: { quote: [q] } });

  it('treats a missing volume as 0 but drops a negative one', () => {
    const c = ctx();
    const bars = validateBars('AAPL', chart([NOW - 120, NOW - 60], { open: [1, 1], high: [2, 2], low: [1, 1], close: [2, 2], volume: [null, -5] }), c);
    expect(bars).toEqual([{ symbol: 'AAPL', time: Math.floor((NOW - 120) / 60) * 60, open: 1, high: 2, low: 1, close: 2, volume: 0 }]);
    expect(c.kinds).toEqual(['bad_volume']);
  });

  it('drops bars whose open or close lies outside [low, high]', () => {
    const c = ctx();
    expect(validateBars('AAPL', chart([NOW - 60], { open: [3], high: [2], low: [1], close: [2], volume: [1] }), c)).toEqual([]);
    expect(c.kinds).toEqual(['inconsistent_bar']);
  });

  it('treats arrays shorter than the timestamps as null bars', () => {
    const c = ctx();
    expect(validateBars('AAPL', chart([NOW - 120, NOW - 60], { open: [1], high: [2], low: [1], close: [2], volume: [1] }), c)).toHaveLength(1);
    expect(c.kinds).toEqual(['null_bar']);
  });

  it('returns nothing for a chart without timestamps', () => {
    expect(validateBars('AAPL', { indicators: { quote: [{}] } }, ctx())).toEqual([]);
  });
});
