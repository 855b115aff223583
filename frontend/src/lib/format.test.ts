import { describe, expect, it } from 'vitest';
import {
  formatAxisPrice,
  formatCrosshairTime,
  formatTickMark,
  formatZoneName,
  priceDigits,
  TICK_MARK,
  changeOf,
  directionOf,
  formatAgeShort,
  formatClock,
  formatDateTime,
  formatDecimal,
  formatExact,
  formatExactPercent,
  formatMoney,
  formatPercent,
  formatPrice,
  formatRatio,
  formatSignedMoney,
  formatSigned,
  formatVolume,
  secondsUntil,
  trendOf,
} from './format.ts';

describe('formatting', () => {
  it('shows prices with two decimals, sub-dollar prices with four, in their currency', () => {
    expect(formatPrice(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatPrice(0.123456, null, 'en-US')).toBe('0.1235');
    expect(formatPrice(10, 'not a code', 'en-US')).toBe('10.00');
  });

  it('signs changes and percentages', () => {
    expect(formatSigned(1.5, 'en-US')).toBe('+1.50');
    expect(formatSigned(-1.5, 'en-US')).toBe('−1.50');
    expect(formatSigned(0, 'en-US')).toBe('0.00');
    expect(formatPercent(-0.256, 'en-US')).toBe('−0.26%');
  });

  it('abbreviates volumes, in the reader\'s language', () => {
    expect(formatVolume(1_234_567, 'en-US')).toBe('1.2M');
    expect(formatVolume(950, 'en-US')).toBe('950');
    expect(formatVolume(1_234_567, 'de-DE')).toBe('1,2\u00a0Mio.');
  });

  it('groups and places decimals the way the locale does', () => {
    expect(formatPrice(1234.5, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    expect(formatSigned(-1234.5, 'de-DE')).toBe('−1.234,50');
    expect(formatDecimal(201.5, 'en-US')).toBe('201.50');
    expect(formatDecimal(0.123456, 'en-US')).toBe('0.123456');
    expect(formatRatio(1.46, 'en-US')).toBe('1.5×');
  });

  it('shows the API\'s exact decimals with grouping, a true minus and the currency, never re-rounded', () => {
    expect(formatMoney('1234567.50', 'USD', 'en-US')).toBe('$1,234,567.50');
    expect(formatMoney('-12.00', 'EUR', 'en-US')).toBe('−€12.00');
    expect(formatMoney('12345678901234.123456', 'USD', 'en-US')).toBe('$12,345,678,901,234.123456');
    expect(formatMoney('1000.00', 'XYZW', 'en-US')).toBe('1,000.00 XYZW');
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatExact('187.2', 'en-US')).toBe('187.20');
    expect(formatExact('0.00001234', 'en-US')).toBe('0.00001234');
    expect(formatExact('1200', 'en-US', 0)).toBe('1,200');
  });

  it('signs exact changes and classes them up, down or flat', () => {
    expect(formatSignedMoney('50.00', 'USD', 'en-US')).toBe('+$50.00');
    expect(formatSignedMoney('-3.10', 'USD', 'en-US')).toBe('−$3.10');
    expect(formatSignedMoney('0.00', 'USD', 'en-US')).toBe('$0.00');
    expect(formatSignedMoney('-0.00', 'USD', 'en-US')).toBe('$0.00');
    expect(formatExactPercent('3.23', true, 'en-US')).toBe('+3.23%');
    expect(formatExactPercent('-3.2', true, 'en-US')).toBe('−3.20%');
    expect(formatExactPercent('25.00', false, 'en-US')).toBe('25.00%');
    expect([trendOf('1.00'), trendOf('-0.01'), trendOf('0.00'), trendOf(null)]).toEqual(['up', 'down', 'flat', 'flat']);
  });

  it('tells times on a 24-hour clock with their zone named', () => {
    const at = Date.UTC(2026, 11, 1, 14, 32, 5) / 1000;
    expect(formatClock(at, 'en-US', 'UTC')).toBe('14:32:05 UTC');
    expect(formatClock(at, 'en-US', 'America/New_York')).toBe('09:32:05 EST');
    expect(formatDateTime(at, true, 'en-US', 'UTC')).toBe('Dec 1, 14:32 UTC');
    expect(formatDateTime(at, false, 'en-US', 'UTC')).toBe('Dec 1, 2026');
  });

  it('says a quote age at a glance', () => {
    expect([formatAgeShort(null), formatAgeShort(9), formatAgeShort(125), formatAgeShort(7200), formatAgeShort(200_000)]).toEqual(['—', '9s', '2m', '2h', '2d']);
  });

  it('computes change against the previous close when the quote does not carry it', () => {
    expect(changeOf({ price: 110, change: null, changePercent: null, previousClose: 100 })).toEqual({
      change: 10,
      percent: 10,
    });
    expect(changeOf({ price: 110, change: 2, changePercent: 1.9, previousClose: 108 })).toEqual({
      change: 2,
      percent: 1.9,
    });
  });

  it('has no direction before there is a previous value', () => {
    expect(changeOf({ price: 110, change: null, changePercent: null, previousClose: null })).toEqual({
      change: null,
      percent: null,
    });
    expect(directionOf(null)).toBeNull();
    expect([1, -1, 0].map(directionOf)).toEqual(['up', 'down', 'flat']);
  });

  it('counts whole seconds down to a moment, never below zero', () => {
    expect(secondsUntil(10_500, 9_000)).toBe(2);
    expect(secondsUntil(1_000, 9_000)).toBe(0);
    expect(secondsUntil(null, 9_000)).toBeNull();
  });
});

describe('formatDateTime', () => {
  it('shows a daily bar (UTC midnight of its trading day) as that day in any time zone', () => {
    const day = Date.UTC(2026, 2, 13) / 1000;
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York'; // Node applies a changed TZ at once
    try {
      expect(formatDateTime(day, false, 'en-US')).toBe('Mar 13, 2026');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});

describe('chart axis labels', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('writes axis prices grouped, with the series decimals and a true minus', () => {
    expect(formatAxisPrice(7335.65, 2, 'en-US')).toBe('7,335.65');
    expect(formatAxisPrice(7335.65, 2, 'de-DE')).toBe('7.335,65');
    expect(formatAxisPrice(0.5, 4, 'en-US')).toBe('0.5000');
    expect(formatAxisPrice(-2.5, 2, 'en-US')).toBe('−2.50');
    expect(formatAxisPrice(-0.001, 2, 'en-US')).toBe('0.00');
    expect(priceDigits(0.99)).toBe(4);
    expect(priceDigits(1)).toBe(2);
  });

  it('writes tick marks on a 24-hour clock in the chosen zone, dates for new days, months and years', () => {
    const t = at('2024-07-01T13:30:00Z');
    expect(formatTickMark(t, TICK_MARK.time, 'America/New_York', false, 'en-US')).toBe('09:30');
    expect(formatTickMark(t, TICK_MARK.time, 'UTC', false, 'en-US')).toBe('13:30');
    expect(formatTickMark(t, TICK_MARK.seconds, 'UTC', false, 'en-US')).toBe('13:30:00');
    expect(formatTickMark(t, TICK_MARK.day, 'UTC', false, 'en-US')).toBe('Jul 1');
    expect(formatTickMark(t, TICK_MARK.month, 'UTC', false, 'en-US')).toBe('Jul');
    expect(formatTickMark(t, TICK_MARK.year, 'UTC', false, 'en-US')).toBe('2024');
  });

  it('names the zone on the crosshair time, and shows a daily bar as its date', () => {
    expect(formatCrosshairTime(at('2024-07-01T13:30:00Z'), 'America/New_York', false, 'en-US')).toBe('Mon, Jul 1, 24, 09:30 GMT-4');
    expect(formatCrosshairTime(at('2024-07-01T00:00:00Z'), 'America/New_York', true, 'en-US')).toBe('Mon, Jul 1, 2024');
    expect(formatZoneName(at('2024-07-01T13:30:00Z'), 'UTC')).toBe('UTC');
  });
});

