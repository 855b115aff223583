import { describe, expect, it } from 'vitest';
import { liveTickSchema, quoteInfoSchema, tickSchema, type Tick } from './market.ts';
import { liveTickOf, quoteInfoOf, sameQuoteInfo, withQuoteInfo } from './quote.ts';

const quote: Tick = {
  symbol: 'AAPL',
  time: 1_700_000_000,
  price: 244.6,
  change: 3.07,
  changePercent: 1.27,
  previousClose: 241.53,
  dayHigh: 245.41,
  dayLow: 241,
  dayVolume: 40_896_227,
  marketState: 'POST',
  currency: 'USD',
  source: 'yahoo',
  name: 'Apple Inc.',
  exchange: 'NasdaqGS',
  timezone: 'America/New_York',
  open: 241.07,
  fiftyTwoWeekHigh: 260.1,
  fiftyTwoWeekLow: 164.08,
  averageDailyVolume3Month: 50_443_058,
  preMarketPrice: null,
  postMarketPrice: 244.64,
  postMarketChange: 0.04,
  postMarketChangePercent: 0.0164,
  postMarketTime: 1_700_010_000,
};

describe('a quote split for the wire', () => {
  it('puts what moves in the live part and the rest in the info, and merges back to the same quote', () => {
    const live = liveTickOf(quote);
    const info = quoteInfoOf(quote);
    expect(Object.keys(live).sort()).toEqual(Object.keys(liveTickSchema.shape).sort());
    expect(live).not.toHaveProperty('name');
    expect(info).not.toHaveProperty('price');
    expect(liveTickSchema.parse(live)).toEqual(live);
    expect(quoteInfoSchema.parse(info)).toEqual(info);
    const { preMarketPrice: _unset, ...withoutNulls } = quote;
    expect(tickSchema.parse(withQuoteInfo(live, info))).toEqual(withoutNulls);
  });

  it('leaves empty optional info out, keeps the required fields even when null', () => {
    const info = quoteInfoOf({ ...quote, previousClose: null, currency: null });
    expect(info).not.toHaveProperty('preMarketPrice');
    expect(info).toMatchObject({ previousClose: null, currency: null });
  });

  it('treats absent and null as the same info, a moved pre-market price as different', () => {
    expect(sameQuoteInfo(quoteInfoOf(quote), { ...quoteInfoOf(quote), preMarketPrice: null })).toBe(true);
    expect(sameQuoteInfo(quoteInfoOf(quote), { ...quoteInfoOf(quote), postMarketPrice: 245 })).toBe(false);
  });

  it('completes a tick whose info is unknown with empty info', () => {
    expect(withQuoteInfo(liveTickOf(quote), undefined)).toMatchObject({ price: 244.6, previousClose: null, currency: null, source: '' });
  });
});
