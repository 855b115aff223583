// The portfolio's value over time: the rule, on plain data (no store, no clock).
// - A holding counts from the start of its acquiredOn day (UTC); one without a date counts throughout.
// - A symbol's price at a time is its last close at or before it (missing bars are carried forward);
//   before its first bar in the range, its first close (so a late history is not a jump in value).
// - The % line is a time-weighted return: each step's gain is measured on the lots held on both
//   sides of it, so buying a holding adds to the value but is not a gain.
// - The benchmark is its close as % change from its first close in the range.
import type { BenchmarkPoint, PortfolioHistoryPoint } from '@tickstream/shared';

export interface Lot {
  symbol: string;
  quantity: number;
  /** unix seconds from which the lot counts (start of its acquiredOn day), null: always */
  since: number | null;
}

export interface ClosePoint {
  time: number;
  close: number;
}

/** Start of the acquiredOn day (YYYY-MM-DD) in UTC, unix seconds; null when there is none. */
export function acquiredSince(acquiredOn: string | null): number | null {
  if (!acquiredOn) return null;
  const ms = Date.parse(`${acquiredOn}T00:00:00Z`);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

const held = (lot: Lot, time: number) => lot.since === null || time >= lot.since;

/** Each symbol's price at every timeline time: carried forward over gaps, back-filled before its first bar. */
function pricesAt(timeline: readonly number[], bars: readonly ClosePoint[]): number[] {
  const out: number[] = [];
  let j = 0;
  let last = bars[0]?.close ?? NaN;
  for (const t of timeline) {
    while (j < bars.length && bars[j]!.time <= t) last = bars[j++]!.close;
    out.push(last);
  }
  return out;
}

export function valueOverTime(lots: readonly Lot[], bars: ReadonlyMap<string, readonly ClosePoint[]>): PortfolioHistoryPoint[] {
  const priced = lots.filter((l) => (bars.get(l.symbol)?.length ?? 0) > 0);
  const times = new Set<number>();
  for (const l of priced) for (const b of bars.get(l.symbol) ?? []) times.add(b.time);
  // the timeline starts when the first lot is held (nothing to show before)
  const firstHeld = Math.min(...priced.map((l) => l.since ?? -Infinity));
  const timeline = [...times].filter((t) => t >= firstHeld).sort((a, b) => a - b);
  const prices = new Map<string, number[]>();
  for (const l of priced) if (!prices.has(l.symbol)) prices.set(l.symbol, pricesAt(timeline, bars.get(l.symbol) ?? []));

  const points: PortfolioHistoryPoint[] = [];
  let index = 1;
  for (let i = 0; i < timeline.length; i++) {
    const t = timeline[i]!;
    let value = 0;
    let before = 0;
    let after = 0;
    for (const l of priced) {
      const p = prices.get(l.symbol)!;
      if (held(l, t)) value += l.quantity * p[i]!;
      if (i > 0 && held(l, timeline[i - 1]!) && held(l, t)) {
        before += l.quantity * p[i - 1]!;
        after += l.quantity * p[i]!;
      }
    }
    if (before > 0) index *= after / before;
    points.push({ time: t, value, percent: (index - 1) * 100 });
  }
  return points;
}

/** The benchmark at the portfolio's times (carried forward; none before its first bar), as % from its first point. */
export function benchmarkOverTime(timeline: readonly number[], bars: readonly ClosePoint[]): BenchmarkPoint[] {
  const out: BenchmarkPoint[] = [];
  let j = 0;
  let last: number | null = null;
  for (const t of timeline) {
    while (j < bars.length && bars[j]!.time <= t) last = bars[j++]!.close;
    if (last === null) continue;
    const base = out[0]?.close ?? last;
    out.push({ time: t, close: last, percent: (last / base - 1) * 100 });
  }
  return out;
}
