import { describe, expect, it } from 'vitest';
import type { SkipKind, SkipSink } from './skips.ts';
import type { ValidationContext } from './yahoo/parse.ts';
import { parseDailyChart } from './daily-chart.ts';
import { turnsDuring } from '../../test/support/turns.ts';

const NOW = Date.UTC(2023, 7, 10) / 1000;
const d = (iso: string) => new Date(iso);

function ctx(): ValidationContext & { kinds: SkipKind[] } {
  const kinds: SkipKind[] = [];
  const skips: SkipSink = { skip: (kind) => void kinds.push(kind), notice: () => {} };
  return { nowSec: NOW, skips, source: 'yahoo', kinds };
}

/** yahoo-finance2 chart(..., { interval: '1d', events: 'div|split', return: 'object' }) of a XETRA share. */
const xetra = () => ({
  meta: {
    currency: 'EUR',
    symbol: 'WSU.DE',
    exchangeName: 'GER',
    instrumentType: 'EQUITY',
    firstTradeDate: d('1998-12-09T07:00:00Z'),
    regularMarketTime: d('2023-08-09T15:35:00Z'),
    gmtoffset: 7200,
    timezone: 'CEST',
    exchangeTimezoneName: 'Europe/Berlin',
    regularMarketPrice: 33.2,
    currentTradingPeriod: { regular: { timezone: 'CEST', start: d('2023-08-09T07:00:00Z'), end: d('2023-08-09T15:30:00Z'), gmtoffset: 7200 } },
    dataGranularity: '1d',
    range: '',
  },
  // Yahoo stamps each day at 09:00 Berlin (07:00 UTC in summer); the last one is a live point of 08-09.
  timestamp: [1691132400, 1691391600, 1691478000, 1691564400, 1691593200],
  events: {
    dividends: { '1691391600': { amount: 0.5, date: d('2023-08-07T07:00:00Z') } },
    splits: { '1691478000': { date: d('2023-08-08T07:00:00Z'), numerator: 2, denominator: 1, splitRatio: '2:1' } },
  },
  indicators: {
    quote: [
      {
        open: [34.25, 34.8, null, 34.05, 33.5],
        high: [34.55, 34.8, null, 34.2, 33.6],
        low: [34.1, 34, null, 32.9, 33.1],
        close: [34.45, 34, null, 33.2, 33.3],
        volume: [1251, 336, null, 10846, 11000],
      },
    ],
    adjclose: [{ adjclose: [33.95, 34, null, 33.2, 33.3] }],
  },
});

describe('Yahoo daily chart', () => {
  it('keys bars by the exchange trading date and reads its clock from meta', async () => {
    const c = ctx();
    const h = await parseDailyChart('WSU.DE', xetra(), c);
    expect(h).toMatchObject({ timezone: 'Europe/Berlin', sessionOpen: 9 * 60, firstTradeDay: '1998-12-09' });
    // The null day is dropped; the day seen twice keeps its last point.
    expect(h.bars.map((b) => b.day)).toEqual(['2023-08-04', '2023-08-07', '2023-08-09']);
    expect(h.bars[2]).toMatchObject({ open: 33.5, close: 33.3, adjclose: 33.3, volume: 11000 });
    expect(c.kinds).toEqual(['null_bar']);
  });

  it('keeps adjclose and puts dividends and splits on their ex-day', async () => {
    const chart = xetra();
    chart.indicators.quote[0]!.open[2] = 34.05;
    chart.indicators.quote[0]!.high[2] = 34.2;
    chart.indicators.quote[0]!.low[2] = 32.9;
    chart.indicators.quote[0]!.close[2] = 33.2;
    const h = await parseDailyChart('WSU.DE', chart, ctx());
    expect(h.bars[0]).toMatchObject({ day: '2023-08-04', close: 34.45, adjclose: 33.95 });
    expect(h.bars[1]).toMatchObject({ day: '2023-08-07', dividend: 0.5 });
    expect(h.bars[2]).toMatchObject({ day: '2023-08-08', splitRatio: 2, adjclose: 33.2 });
  });

  it('drops bars with bad prices and reads a chart without meta as UTC days', async () => {
    const chart = xetra();
    chart.indicators.quote[0]!.close[0] = Number.NaN;
    chart.indicators.quote[0]!.high[1] = 30;
    const c = ctx();
    const h = await parseDailyChart('WSU.DE', { ...chart, meta: {} }, c);
    expect(h).toMatchObject({ timezone: 'UTC', sessionOpen: 0, firstTradeDay: null });
    expect(h.bars.map((b) => b.day)).toEqual(['2023-08-09']);
    expect(c.kinds).toEqual(['non_finite_price', 'inconsistent_bar', 'null_bar']);
  });

  it('reads days before 1970 (negative timestamps)', async () => {
    const h = await parseDailyChart(
      'IBM',
      { meta: { exchangeTimezoneName: 'America/New_York', firstTradeDate: -252322200 }, timestamp: [-252322200], indicators: { quote: [{ open: [2.2], high: [2.3], low: [2.1], close: [2.25], volume: [1000] }] } },
      ctx(),
    );
    expect(h.firstTradeDay).toBe('1962-01-02');
    expect(h.bars).toEqual([{ symbol: 'IBM', day: '1962-01-02', open: 2.2, high: 2.3, low: 2.1, close: 2.25, adjclose: 2.25, volume: 1000 }]);
  });

  it('reads decades of days a slice at a time, letting the event loop take turns between slices', async () => {
    const days = 4000; // ~16 years of sessions
    const timestamp = Array.from({ length: days }, (_, i) => Date.UTC(2000, 0, 3, 14, 30) / 1000 + i * 86_400);
    const prices = timestamp.map(() => 10);
    const chart = { meta: { exchangeTimezoneName: 'America/New_York' }, timestamp, indicators: { quote: [{ open: prices, high: prices, low: prices, close: prices, volume: prices }] } };
    let h: Awaited<ReturnType<typeof parseDailyChart>> | undefined;
    const turns = await turnsDuring(async () => (h = await parseDailyChart('IBM', chart, ctx())));
    expect(h?.bars).toHaveLength(days);
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
