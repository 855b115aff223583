// Chart ranges like Yahoo's (1D … Max): each with a default interval and a window start. Pure
// functions of (range, time) so the server, the chart and tests agree on what "1y" covers.
import * as z from 'zod/mini';
import type { Interval } from './market.ts';

export const RANGES = ['1d', '5d', '1mo', '6mo', 'ytd', '1y', '5y', 'max'] as const;
export const rangeSchema = z.enum(RANGES).check(z.describe('chart range like Yahoo Finance: 1d, 5d, 1mo, 6mo, ytd, 1y, 5y, max'));
export type Range = z.infer<typeof rangeSchema>;

/** The interval each range is drawn with unless the user picks another (as Yahoo's chart does). */
export const RANGE_DEFAULT_INTERVAL: Record<Range, Interval> = {
  '1d': '1m',
  '5d': '5m',
  '1mo': '1h',
  '6mo': '1d',
  ytd: '1d',
  '1y': '1d',
  '5y': '1wk',
  max: '1mo',
};

/** Which prices daily+ bars show: `split` as Yahoo's chart draws them, `split-dividend` as its adjusted close. */
export const ADJUSTMENTS = ['split', 'split-dividend', 'none'] as const;
export const adjustmentSchema = z.enum(ADJUSTMENTS);
export type Adjustment = z.infer<typeof adjustmentSchema>;
/** What a request may ask for (`none`, Yahoo's unadjusted prices, is not stored). */
export const requestedAdjustmentSchema = z.enum(['split', 'split-dividend']);

const DAY = 86_400;

/** `at` moved back `months` calendar months (UTC), the day clamped to the target month's length. */
function monthsBefore(at: number, months: number): number {
  const d = new Date(at * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

/**
 * Unix seconds where `range` starts when it ends at `at` (unix seconds); null for `max` (no lower
 * bound: from the first stored bar). Calendar ranges count in UTC here, which is close enough to size
 * a range's bars (the chart's interval choice); the window itself is the server's rule (history
 * window.ts startOfRange), on the exchange's clock: 1d its day so far, 5d its last five trading days
 * with bars, ytd from its Jan 1, and a window with no bars (a weekend) moved back to the newest bar.
 */
export function rangeStart(range: Range, at: number): number | null {
  switch (range) {
    case '1d':
      return at - DAY;
    case '5d':
      return at - 5 * DAY;
    case '1mo':
      return monthsBefore(at, 1);
    case '6mo':
      return monthsBefore(at, 6);
    case 'ytd':
      return Date.UTC(new Date(at * 1000).getUTCFullYear(), 0, 1) / 1000;
    case '1y':
      return monthsBefore(at, 12);
    case '5y':
      return monthsBefore(at, 60);
    case 'max':
      return null;
  }
}
