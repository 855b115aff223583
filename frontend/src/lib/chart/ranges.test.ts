import { describe, expect, it } from 'vitest';
import { RANGES, RANGE_DEFAULT_INTERVAL } from '@tickstream/shared';
import { adjustmentNote, choiceQuery, intervalFits, intervalLinks, rangeLinks, resolveChoice } from './ranges.ts';

const AT = Date.UTC(2026, 11, 1, 21, 0) / 1000;
const resolve = (q: string) => resolveChoice(new URLSearchParams(q), AT);

describe('chart range and interval from the URL', () => {
  it('a bare symbol page is 1D at 1m, as on Yahoo', () => {
    expect(resolve('')).toEqual({ ok: true, choice: { range: '1d', interval: '1m' } });
  });

  it('a range comes with its default interval', () => {
    expect(resolve('range=1y')).toEqual({ ok: true, choice: { range: '1y', interval: '1d' } });
    expect(resolve('range=5y')).toEqual({ ok: true, choice: { range: '5y', interval: '1wk' } });
    expect(resolve('range=max')).toEqual({ ok: true, choice: { range: 'max', interval: '1mo' } });
  });

  it('keeps an interval picked by hand when it fits the range', () => {
    expect(resolve('range=1y&interval=1wk')).toEqual({ ok: true, choice: { range: '1y', interval: '1wk' } });
  });

  it("falls back to the range's default for an interval with too many or too few bars", () => {
    expect(resolve('range=1y&interval=1m')).toEqual({ ok: true, choice: { range: '1y', interval: '1d' } });
    expect(resolve('range=1d&interval=1mo')).toEqual({ ok: true, choice: { range: '1d', interval: '1m' } });
  });

  it('reads an old interval-only link as the range that interval belongs to', () => {
    expect(resolve('interval=5m')).toEqual({ ok: true, choice: { range: '5d', interval: '5m' } });
    expect(resolve('interval=1d')).toEqual({ ok: true, choice: { range: '6mo', interval: '1d' } });
    expect(resolve('interval=15m')).toEqual({ ok: true, choice: { range: '1d', interval: '15m' } });
  });

  it('refuses an unknown range or interval with the valid ones named', () => {
    expect(resolve('range=2y')).toEqual({ ok: false, message: expect.stringContaining('1d, 5d, 1mo, 6mo, ytd, 1y, 5y, max') });
    expect(resolve('range=1y&interval=2m')).toEqual({ ok: false, message: expect.stringContaining('Unknown interval 2m') });
  });
});

describe('which intervals a range offers', () => {
  it('offers every range its own default interval', () => {
    for (const r of RANGES) expect(intervalFits(r, RANGE_DEFAULT_INTERVAL[r], AT)).toBe(true);
  });

  it('leaves out intervals the server would refuse (over 5000 bars) or that draw a single bar', () => {
    expect(intervalFits('1d', '1m', AT)).toBe(true); // 1440 bars
    expect(intervalFits('5d', '1m', AT)).toBe(false); // 7200
    expect(intervalFits('5y', '1d', AT)).toBe(true); // ~1826
    expect(intervalFits('5y', '1h', AT)).toBe(false);
    expect(intervalFits('1d', '1d', AT)).toBe(false); // one bar
    expect(intervalFits('max', '1m', AT)).toBe(true); // the newest bars the server holds
  });
});

describe('URLs of a choice', () => {
  it('leaves defaults out and round-trips through the URL', () => {
    expect(choiceQuery({ range: '1d', interval: '1m' })).toBe('');
    expect(choiceQuery({ range: '1y', interval: '1d' })).toBe('?range=1y');
    expect(choiceQuery({ range: '1d', interval: '5m' })).toBe('?range=1d&interval=5m');
    for (const choice of [
      { range: '1d', interval: '5m' },
      { range: '1y', interval: '1wk' },
      { range: 'ytd', interval: '1d' },
    ] as const)
      expect(resolve(choiceQuery(choice).slice(1))).toEqual({ ok: true, choice });
  });
});

describe('range and interval buttons', () => {
  it('offers Yahoo\'s eight ranges, each at its default interval', () => {
    const links = rangeLinks('/symbol/AAPL');
    expect(links.map((l) => l.text)).toEqual(['1D', '5D', '1M', '6M', 'YTD', '1Y', '5Y', 'Max']);
    expect(links.find((l) => l.key === '1y')!.href).toBe('/symbol/AAPL?range=1y');
    expect(links[0]!.href).toBe('/symbol/AAPL');
  });

  it('keeps the range when the interval changes, and offers no interval the range cannot draw', () => {
    const links = intervalLinks('/symbol/AAPL', '1y', AT);
    expect(links.find((l) => l.key === '1wk')!.href).toBe('/symbol/AAPL?range=1y&interval=1wk');
    expect(links.find((l) => l.key === '1d')!.href).toBe('/symbol/AAPL?range=1y');
    expect(links.find((l) => l.key === '1m')).toEqual({ key: '1m', text: '1m', href: null, title: '1m bars do not fit 1Y' });
  });
});

describe('adjustment note', () => {
  it('says which corporate actions daily prices are adjusted for, and nothing for intraday bars', () => {
    expect(adjustmentNote('split')).toBe('Prices adjusted for splits');
    expect(adjustmentNote('split-dividend')).toBe('Prices adjusted for splits and dividends');
    expect(adjustmentNote(undefined)).toBeNull();
  });
});
