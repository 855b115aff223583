// Which time window a history request covers. Pure functions of (interval, now, row cap).
//
// Rules:
// - Default window (no from/to): the last DEFAULT_SPAN of the interval up to now.
//     1m: 1 hour, 5m: 1 day, 15m: 3 days, 1h: 2 weeks, 1d: 1 year, 1wk: 5 years, 1mo: 30 years.
// - When that window holds no bars because the newest stored bar is older (market closed, weekend),
//   the window moves back to end at the newest bar and reaches back to the start of that bar's UTC
//   day (the last trading session) or the default span, whichever is earlier.
// - Every window is capped to the row cap: it never spans more than `maxRows` intervals. An
//   explicit from/to wider than that is refused (WINDOW_TOO_LARGE) rather than silently cut.
// - Ranges (range=) end now; `1d`, `5d` and `ytd` count the exchange's days as Yahoo does (startOfRange).
import { INTERVAL_SECONDS, rangeStart, type Interval, type Range } from '@tickstream/shared';
import { localDate, localMidnight, wallClock } from '../time/exchange.ts';

export const DEFAULT_SPAN_SECONDS: Record<Interval, number> = {
  '1m': 3600,
  '5m': 86_400,
  '15m': 3 * 86_400,
  '1h': 14 * 86_400,
  '1d': 365 * 86_400,
  '1wk': 5 * 365 * 86_400,
  '1mo': 30 * 365 * 86_400,
};

export interface Window {
  /** inclusive, unix seconds */
  from: number;
  /** inclusive, unix seconds */
  to: number;
}

/** Largest allowed `to - from`: a window must hold fewer than maxRows + 1 bucket starts. */
export function maxSpanSeconds(interval: Interval, maxRows: number): number {
  return maxRows * INTERVAL_SECONDS[interval] - 1;
}

export function spanFits(window: Window, interval: Interval, maxRows: number): boolean {
  return window.to - window.from <= maxSpanSeconds(interval, maxRows);
}

function defaultSpan(interval: Interval, maxRows: number): number {
  return Math.min(DEFAULT_SPAN_SECONDS[interval], maxSpanSeconds(interval, maxRows));
}

/** The window ending at `to` with the interval's default span. */
export function defaultWindowEndingAt(to: number, interval: Interval, maxRows: number): Window {
  return { from: to - defaultSpan(interval, maxRows), to };
}

/** The window for a weekend visitor: the session of the newest stored bar, ending at it. */
export function sessionWindow(newestBar: number, interval: Interval, maxRows: number): Window {
  const dayStart = newestBar - (((newestBar % 86_400) + 86_400) % 86_400);
  const from = Math.max(Math.min(dayStart, newestBar - DEFAULT_SPAN_SECONDS[interval]), newestBar - maxSpanSeconds(interval, maxRows));
  return { from, to: newestBar };
}

/**
 * Where a range ending at `end` starts, in the exchange's time zone (UTC when unknown): `1d` is the
 * exchange's day so far; `ytd` starts at local midnight of Jan 1; `5d` at local midnight of the
 * fifth-newest trading day in `tradingDays` (ISO dates of days with bars, ascending: holidays and
 * weekends are not days), or, with fewer than five of them, five weekdays back (UTC zones trade
 * every day: five days); the others as rangeStart (null: max).
 */
export function startOfRange(range: Range, end: number, timezone = 'UTC', tradingDays: readonly string[] = []): number | null {
  if (range === 'ytd') return localMidnight(`${localDate(end, timezone).slice(0, 4)}-01-01`, timezone);
  if (range === '5d') {
    const today = localDate(end, timezone);
    const days = tradingDays.filter((d) => d <= today);
    if (days.length >= 5) return localMidnight(days.at(-5)!, timezone);
  }
  if (range !== '1d' && range !== '5d') return rangeStart(range, end);
  let dayStart = end - wallClock(end, timezone).minute * 60 - (((end % 60) + 60) % 60);
  const weekdays = timezone !== 'UTC';
  for (let left = range === '1d' ? 0 : 4; left > 0; ) {
    // Noon of the previous local day, then its midnight: DST days are 23 or 25 hours long.
    const noon = dayStart - 12 * 3600;
    dayStart = noon - wallClock(noon, timezone).minute * 60;
    const weekday = new Date(`${wallClock(noon, timezone).date}T12:00:00Z`).getUTCDay();
    if (!weekdays || (weekday !== 0 && weekday !== 6)) left--;
  }
  return dayStart;
}
