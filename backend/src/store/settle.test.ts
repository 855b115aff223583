import { describe, expect, it } from 'vitest';
import { refreshWindow } from './settle.ts';

const HOUR = 3600;
const NOW = Date.UTC(2025, 2, 4, 15, 7, 30) / 1000;

describe('the refresh window that settles written bars', () => {
  it('covers the whole buckets the bars fall in', () => {
    // bars from 09:31 to 10:59 on 27 February
    const span = { from: Date.UTC(2025, 1, 27, 9, 31) / 1000, to: Date.UTC(2025, 1, 27, 10, 59) / 1000 };
    expect(refreshWindow(span, HOUR, HOUR, NOW)).toEqual({ from: Date.UTC(2025, 1, 27, 9) / 1000, to: Date.UTC(2025, 1, 27, 11) / 1000 });
    expect(refreshWindow(span, 86_400, 86_400, NOW)).toEqual({ from: Date.UTC(2025, 1, 27) / 1000, to: Date.UTC(2025, 1, 28) / 1000 });
  });

  it("stops where the view's refresh policy stops, so the buckets still moving stay real-time", () => {
    const span = { from: NOW - 2 * HOUR, to: NOW - 60 };
    // 1h: the policy ends an hour back, at 14:00 once rounded down to a bucket
    expect(refreshWindow(span, HOUR, HOUR, NOW)).toEqual({ from: Date.UTC(2025, 2, 4, 13) / 1000, to: Date.UTC(2025, 2, 4, 14) / 1000 });
    // 5m: up to 15:00 (15:07:30 less five minutes, rounded down)
    expect(refreshWindow(span, 300, 300, NOW)?.to).toBe(Date.UTC(2025, 2, 4, 15) / 1000);
  });

  it('is empty when every written bar is still within the policy end offset', () => {
    expect(refreshWindow({ from: NOW - 600, to: NOW }, HOUR, HOUR, NOW)).toBeNull();
    // yesterday's day bucket is not a whole day behind the policy's end yet
    expect(refreshWindow({ from: NOW - 20 * HOUR, to: NOW - 19 * HOUR }, 86_400, 86_400, NOW)).toBeNull();
  });
});
