// Bucket arithmetic for chart intervals. All times are unix seconds.
import { INTERVAL_SECONDS, type Candle, type Interval } from '@tickstream/shared';

export function intervalSeconds(interval: Interval): number {
  return INTERVAL_SECONDS[interval];
}

/**
 * Start of the bucket holding `time`. `phase` aligns buckets to the server's grid: bars from
 * /api/history define it (time mod step), so a live time lands in the same bucket the server
 * would have used even if its origin is not the unix epoch.
 */
export function bucketStart(time: number, step: number, phase = 0): number {
  return phase + Math.floor((time - phase) / step) * step;
}

/** The first instant (unix seconds) of `time`'s calendar month in UTC. */
export function monthStart(time: number): number {
  const d = new Date(time * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
}

export function phaseOf(bars: readonly Candle[], step: number): number {
  const last = bars.at(-1);
  return last ? ((last.time % step) + step) % step : 0;
}

/** Index of the bar with exactly this time, or -1. `bars` is ascending. */
export function findBar(bars: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = bars[mid]!.time;
    if (t === time) return mid;
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Index where a bar with this time would be inserted to keep `bars` ascending. */
export function insertionIndex(bars: readonly { time: number }[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sameBar(a: Candle, b: Candle): boolean {
  return (
    a.time === b.time &&
    a.open === b.open &&
    a.high === b.high &&
    a.low === b.low &&
    a.close === b.close &&
    a.volume === b.volume
  );
}

function validBar(c: Candle): boolean {
  return (
    Number.isFinite(c.time) &&
    [c.open, c.high, c.low, c.close].every((p) => Number.isFinite(p) && p > 0) &&
    Number.isFinite(c.volume) &&
    c.volume >= 0 &&
    c.high >= c.low
  );
}

/** Ascending, one bar per time (the later one wins), invalid bars dropped. */
export function normalizeBars(bars: readonly Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of bars) if (validBar(c)) byTime.set(c.time, c);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}
