import { describe, expect, it, vi } from 'vitest';
import { isDateInterval, isTimeZone, localTimeZone, resolveTimeZone, TICK, zonedLabels } from './timezone.ts';

const utc = (iso: string) => Date.parse(iso) / 1000;

describe('chart time labels in a chosen zone', () => {
  const ny = zonedLabels('America/New_York', '1m', 'en-US');

  it('labels bars on either side of the US spring-forward with their own offsets', () => {
    // 2024-03-10: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
    expect(ny.tickMark(utc('2024-03-10T06:30:00Z'), TICK.time)).toBe('01:30');
    expect(ny.tickMark(utc('2024-03-10T07:30:00Z'), TICK.time)).toBe('03:30');
    expect(ny.offsetName(utc('2024-03-10T06:30:00Z'))).toBe('GMT-5');
    expect(ny.offsetName(utc('2024-03-10T07:30:00Z'))).toBe('GMT-4');
  });

  it('shows the repeated autumn hour twice, told apart by its offset', () => {
    // 2024-11-03: 02:00 EDT falls back to 01:00 EST; 01:30 happens at 05:30 and 06:30 UTC.
    const first = ny.crosshair(utc('2024-11-03T05:30:00Z'));
    const second = ny.crosshair(utc('2024-11-03T06:30:00Z'));
    expect(ny.tickMark(utc('2024-11-03T05:30:00Z'), TICK.time)).toBe('01:30');
    expect(ny.tickMark(utc('2024-11-03T06:30:00Z'), TICK.time)).toBe('01:30');
    expect(first).toContain('01:30 GMT-4');
    expect(second).toContain('01:30 GMT-5');
    expect(first).not.toBe(second);
  });

  it('keeps a summer bar at its wall-clock time, not shifted by the winter offset', () => {
    // the session open, 09:30 New York, in July and in December
    expect(ny.tickMark(utc('2024-07-01T13:30:00Z'), TICK.time)).toBe('09:30');
    expect(ny.tickMark(utc('2024-12-02T14:30:00Z'), TICK.time)).toBe('09:30');
  });

  it('labels a European zone across its own DST change (last Sunday of March)', () => {
    const berlin = zonedLabels('Europe/Berlin', '5m', 'en-GB');
    expect(berlin.tickMark(utc('2024-03-31T00:30:00Z'), TICK.time)).toBe('01:30');
    expect(berlin.tickMark(utc('2024-03-31T01:30:00Z'), TICK.time)).toBe('03:30');
    expect(berlin.offsetName(utc('2024-03-31T00:30:00Z'))).toBe('GMT+1');
    expect(berlin.offsetName(utc('2024-03-31T01:30:00Z'))).toBe('GMT+2');
    // the XETRA open, 09:00 Frankfurt, in both seasons
    expect(berlin.tickMark(utc('2024-07-01T07:00:00Z'), TICK.time)).toBe('09:00');
    expect(berlin.tickMark(utc('2024-12-02T08:00:00Z'), TICK.time)).toBe('09:00');
  });

  it('marks a new day with the date in the chosen zone', () => {
    // 01:00 UTC on 2 Dec is still 1 Dec in New York
    expect(ny.tickMark(utc('2024-12-02T01:00:00Z'), TICK.day)).toBe('Dec 1');
    expect(zonedLabels('UTC', '1m', 'en-US').tickMark(utc('2024-12-02T01:00:00Z'), TICK.day)).toBe('Dec 2');
    expect(zonedLabels('UTC', '1m', 'en-US').crosshair(utc('2024-12-02T01:00:00Z'))).toMatch(/01:00 UTC$/);
  });

  it('labels daily bars by their date, never shifted to the day before', () => {
    const daily = zonedLabels('America/Los_Angeles', '1d', 'en-US');
    expect(daily.tickMark(utc('2024-12-02T00:00:00Z'), TICK.time)).toBe('Dec 2');
    expect(daily.crosshair(utc('2024-12-02T00:00:00Z'))).toBe('Mon, Dec 2, 2024');
    expect(isDateInterval('1wk')).toBe(true);
    expect(isDateInterval('1mo')).toBe(true);
    expect(isDateInterval('1h')).toBe(false);
  });

  it('resolves the exchange clock to the quote\'s zone, UTC until it is known or when it is not a zone', () => {
    expect(resolveTimeZone('exchange', 'Europe/Berlin', 'Asia/Tokyo')).toBe('Europe/Berlin');
    expect(resolveTimeZone('exchange', null, 'Asia/Tokyo')).toBe('UTC');
    expect(resolveTimeZone('exchange', 'Not/AZone', 'Asia/Tokyo')).toBe('UTC');
    expect(resolveTimeZone('local', 'Europe/Berlin', 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(resolveTimeZone('utc', 'Europe/Berlin', 'Asia/Tokyo')).toBe('UTC');
  });

  it('asks Intl about a zone name or the device\'s zone once, however often the page re-renders (a tick re-resolves the clock)', () => {
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 5; i++) {
        expect(isTimeZone('Asia/Kolkata')).toBe(true);
        expect(isTimeZone('Mars/Olympus')).toBe(false);
        expect(localTimeZone()).toBe(localTimeZone());
        resolveTimeZone('exchange', 'Asia/Kolkata');
      }
      expect(built.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      built.mockRestore();
    }
  });
});
