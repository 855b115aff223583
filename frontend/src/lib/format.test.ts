import { describe, expect, it } from 'vitest';
import { changeOf, directionOf, formatDateTime, formatPercent, formatPrice, formatSigned, formatVolume, secondsUntil } from './format.ts';

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

  it('abbreviates volumes', () => {
    expect(formatVolume(1_234_567, 'en-US')).toBe('1.2M');
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
