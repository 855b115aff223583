import { describe, expect, it } from 'vitest';
import { defaultWindowEndingAt, maxSpanSeconds, sessionWindow, spanFits, startOfRange } from './window.ts';

const FRIDAY_LAST_BAR = Date.UTC(2024, 4, 10, 19, 59) / 1000;
const FRIDAY_MIDNIGHT = Date.UTC(2024, 4, 10) / 1000;

describe('history windows', () => {
  it('scales the default span with the interval', () => {
    const now = 1_715_353_200;
    expect(defaultWindowEndingAt(now, '1m', 5000)).toEqual({ from: now - 3600, to: now });
    expect(defaultWindowEndingAt(now, '5m', 5000).from).toBe(now - 86_400);
    expect(defaultWindowEndingAt(now, '15m', 5000).from).toBe(now - 3 * 86_400);
    expect(defaultWindowEndingAt(now, '1h', 5000).from).toBe(now - 14 * 86_400);
    expect(defaultWindowEndingAt(now, '1d', 5000).from).toBe(now - 365 * 86_400);
  });

  it('shrinks the default span to the row cap', () => {
    expect(defaultWindowEndingAt(10_000, '1m', 10)).toEqual({ from: 10_000 - 599, to: 10_000 });
  });

  it('lets a window span fewer than maxRows + 1 bucket starts', () => {
    expect(maxSpanSeconds('1m', 10)).toBe(599);
    expect(spanFits({ from: 0, to: 599 }, '1m', 10)).toBe(true);
    expect(spanFits({ from: 0, to: 600 }, '1m', 10)).toBe(false);
    expect(spanFits({ from: 0, to: 365 * 86_400 }, '1d', 5000)).toBe(true);
  });

  it('reaches back to the start of the newest bar’s UTC day for a weekend visitor', () => {
    expect(sessionWindow(FRIDAY_LAST_BAR, '1m', 5000)).toEqual({ from: FRIDAY_MIDNIGHT, to: FRIDAY_LAST_BAR });
    // Longer default spans win when they reach further back than the day start.
    expect(sessionWindow(FRIDAY_LAST_BAR, '5m', 5000)).toEqual({ from: FRIDAY_LAST_BAR - 86_400, to: FRIDAY_LAST_BAR });
    // ...and the row cap still applies.
    expect(sessionWindow(FRIDAY_LAST_BAR, '1m', 10)).toEqual({ from: FRIDAY_LAST_BAR - 599, to: FRIDAY_LAST_BAR });
  });

  it('starts 1d at the exchange’s midnight and 5d five weekdays back, across a DST change', () => {
    const tuesday = Date.parse('2024-03-12T15:00:00Z') / 1000; // 11:00 New York, after the March 10 change
    expect(startOfRange('1d', tuesday, 'America/New_York')).toBe(Date.parse('2024-03-12T04:00:00Z') / 1000);
    // Tue, Mon, Fri, Thu, Wed: Wednesday 00:00 EST, before the change.
    expect(startOfRange('5d', tuesday, 'America/New_York')).toBe(Date.parse('2024-03-06T05:00:00Z') / 1000);
    // A UTC market trades every day: five calendar days, from UTC midnight.
    expect(startOfRange('5d', tuesday)).toBe(Date.parse('2024-03-08T00:00:00Z') / 1000);
    expect(startOfRange('1y', tuesday)).toBe(Date.parse('2023-03-12T15:00:00Z') / 1000);
  });
});
