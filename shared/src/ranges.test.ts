import { describe, expect, it } from 'vitest';
import { RANGES, RANGE_DEFAULT_INTERVAL, rangeStart } from './ranges.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('chart ranges', () => {
  it('draws each range with Yahoo’s interval', () => {
    expect(RANGES.map((r) => `${r}:${RANGE_DEFAULT_INTERVAL[r]}`)).toEqual([
      '1d:1m', '5d:5m', '1mo:1h', '6mo:1d', 'ytd:1d', '1y:1d', '5y:1wk', 'max:1mo',
    ]);
  });

  it('counts days, calendar months and years back from the given time', () => {
    const now = at('2025-03-31T15:00:00Z');
    expect(rangeStart('1d', now)).toBe(at('2025-03-30T15:00:00Z'));
    expect(rangeStart('5d', now)).toBe(at('2025-03-26T15:00:00Z'));
    // March 31 minus a month clamps to February's last day.
    expect(rangeStart('1mo', now)).toBe(at('2025-02-28T15:00:00Z'));
    expect(rangeStart('6mo', now)).toBe(at('2024-09-30T15:00:00Z'));
    expect(rangeStart('1y', now)).toBe(at('2024-03-31T15:00:00Z'));
    expect(rangeStart('5y', now)).toBe(at('2020-03-31T15:00:00Z'));
  });

  it('starts ytd on January 1 and max nowhere', () => {
    expect(rangeStart('ytd', at('2025-06-15T12:00:00Z'))).toBe(at('2025-01-01T00:00:00Z'));
    expect(rangeStart('max', at('2025-06-15T12:00:00Z'))).toBeNull();
  });
});
