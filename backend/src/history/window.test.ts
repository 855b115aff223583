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

  it('starts 5d at the fifth-newest trading day with bars: a holiday is not a day', () => {
    const tuesday = Date.parse('2024-04-02T15:00:00Z') / 1000; // Good Friday 29 March: no trading
    const days = ['2024-03-22', '2024-03-25', '2024-03-26', '2024-03-27', '2024-03-28', '2024-04-01', '2024-04-02'];
    // Tue 2, Mon 1, Thu 28, Wed 27, Tue 26 March: from New York midnight of the 26th (EDT)
    expect(startOfRange('5d', tuesday, 'America/New_York', days)).toBe(Date.parse('2024-03-26T04:00:00Z') / 1000);
    // days after the range's end do not count (a weekend visitor's window ends at Friday's last bar)
    expect(startOfRange('5d', Date.parse('2024-03-28T20:00:00Z') / 1000, 'America/New_York', days)).toBe(Date.parse('2024-03-22T04:00:00Z') / 1000);
    // too few days known (a new symbol): five weekdays
    expect(startOfRange('5d', tuesday, 'America/New_York', days.slice(-2))).toBe(Date.parse('2024-03-27T04:00:00Z') / 1000);
  });

  it('starts ytd at midnight of January 1 on the exchange’s clock', () => {
    const may = Date.parse('2024-05-10T15:00:00Z') / 1000;
    expect(startOfRange('ytd', may, 'America/New_York')).toBe(Date.parse('2024-01-01T05:00:00Z') / 1000);
    expect(startOfRange('ytd', may, 'Europe/Berlin')).toBe(Date.parse('2023-12-31T23:00:00Z') / 1000);
    expect(startOfRange('ytd', may, 'UTC')).toBe(Date.parse('2024-01-01T00:00:00Z') / 1000);
    // New Year's Eve evening in New York is already January in UTC: still last year's YTD there
    const eve = Date.parse('2025-01-01T02:00:00Z') / 1000;
    expect(startOfRange('ytd', eve, 'America/New_York')).toBe(Date.parse('2024-01-01T05:00:00Z') / 1000);
    expect(startOfRange('ytd', Date.parse('2024-12-31T16:00:00Z') / 1000, 'Asia/Tokyo')).toBe(Date.parse('2024-12-31T15:00:00Z') / 1000);
  });
});
