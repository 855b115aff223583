// History + live merge for one chart series. Pure data: the caller applies the returned op to
// lightweight-charts, whose update() throws on anything older than its last bar — so every
// out-of-order input here ends as a historical update, a full reset, or nothing.
import type { Candle, Interval } from '@tickstream/shared';
import {
  bucketStart,
  monthStart,
  findBar,
  insertionIndex,
  intervalSeconds,
  normalizeBars,
  phaseOf,
  sameBar,
} from './buckets.ts';

/** What live delivery feeds a chart: a quote price, or a (new or revised) 1-minute bar. */
export type LiveInput = { kind: 'tick'; time: number; price: number } | { kind: 'candle'; candle: Candle };

export type ChartOp = { op: 'update'; bar: Candle; historical: boolean } | { op: 'reset' };

/**
 * How a bucket bigger than 1m is made of 1m bars. `base` is the server's aggregate when we do not
 * know which minutes it already contains: folding a revised minute into it must not count that
 * minute's volume twice, so volume is max(base, sum of known minutes) rather than a sum.
 */
interface BucketParts {
  base: Candle | null;
  minutes: Map<number, Candle>;
}

export interface SeriesState {
  readonly interval: Interval;
  readonly step: number;
  readonly phase: number;
  bars: Candle[];
  parts: Map<number, BucketParts>;
}

/** Only the most recent buckets can still receive revisions worth folding precisely. */
const KEEP_PARTS = 4;

export function inputTime(input: LiveInput): number {
  return input.kind === 'tick' ? input.time : input.candle.time;
}

/**
 * `minuteSeed`: the 1m bars of the last history bucket (for intervals above 1m), so live minute
 * revisions are folded exactly instead of approximately.
 */
export function createSeriesState(
  interval: Interval,
  history: readonly Candle[],
  minuteSeed: readonly Candle[] | null = null,
): SeriesState {
  const step = intervalSeconds(interval);
  const bars = normalizeBars(history);
  const state: SeriesState = { interval, step, phase: phaseOf(bars, step), bars, parts: new Map() };
  const last = bars.at(-1);
  if (step > 60 && last && minuteSeed) {
    const minutes = new Map<number, Candle>();
    for (const m of normalizeBars(minuteSeed)) {
      if (bucketOf(state, m.time) === last.time) minutes.set(m.time, m);
    }
    if (minutes.size > 0) {
      state.parts.set(last.time, { base: null, minutes });
      bars[bars.length - 1] = aggregate(last.time, state.parts.get(last.time)!);
    }
  }
  return state;
}

export function bucketOf(state: SeriesState, time: number): number {
  // months differ in length: a 1mo bar is the calendar month (UTC), as the server rolls it up
  if (state.interval === '1mo') return monthStart(time);
  return bucketStart(time, state.step, state.phase);
}

/** Applies one live input; returns what the chart must do, or null when nothing changed. */
export function applyLive(state: SeriesState, input: LiveInput): ChartOp | null {
  return input.kind === 'tick' ? applyTick(state, input.time, input.price) : applyMinute(state, input.candle);
}

/**
 * A tick moves the forming bar (high/low/close) or opens the next one. Volume is left to candle
 * messages: the server derives it from day-volume deltas, and doing it here too would double it.
 * A tick older than the forming bar is dropped: it carries a price, not a bar revision.
 */
function applyTick(state: SeriesState, time: number, price: number): ChartOp | null {
  if (!(Number.isFinite(price) && price > 0)) return null;
  const bucket = bucketOf(state, time);
  const last = state.bars.at(-1);
  if (!last || bucket > last.time) {
    if (state.step > 60) state.parts.set(bucket, { base: null, minutes: new Map() });
    return setBar(state, { time: bucket, open: price, high: price, low: price, close: price, volume: 0 });
  }
  if (bucket < last.time) return null;
  return setBar(state, {
    ...last,
    high: Math.max(last.high, price),
    low: Math.min(last.low, price),
    close: price,
  });
}

/** A 1m bar replaces its minute: the bar itself at 1m, or its share of a bigger bucket. */
function applyMinute(state: SeriesState, candle: Candle): ChartOp | null {
  if (normalizeBars([candle]).length === 0) return null;
  if (state.step === 60 && state.phase === 0) return setBar(state, candle);
  const bucket = bucketOf(state, candle.time);
  let parts = state.parts.get(bucket);
  if (!parts) {
    const index = findBar(state.bars, bucket);
    // Before the loaded window: nothing on screen to revise.
    if (index < 0 && state.bars.length > 0 && bucket < state.bars[0]!.time) return null;
    parts = { base: index >= 0 ? state.bars[index]! : null, minutes: new Map() };
    state.parts.set(bucket, parts);
    pruneParts(state);
  }
  parts.minutes.set(candle.time, candle);
  return setBar(state, aggregate(bucket, parts));
}

function aggregate(time: number, parts: BucketParts): Candle {
  const minutes = [...parts.minutes.values()].sort((a, b) => a.time - b.time);
  const first = minutes[0];
  const lastMinute = minutes.at(-1);
  let high = parts.base?.high ?? -Infinity;
  let low = parts.base?.low ?? Infinity;
  let volume = 0;
  for (const m of minutes) {
    high = Math.max(high, m.high);
    low = Math.min(low, m.low);
    volume += m.volume;
  }
  const base = parts.base;
  return {
    time,
    open: base ? base.open : first!.open,
    high,
    low,
    close: lastMinute ? lastMinute.close : base!.close,
    volume: base ? Math.max(base.volume, volume) : volume,
  };
}

function pruneParts(state: SeriesState): void {
  if (state.parts.size <= KEEP_PARTS) return;
  const keys = [...state.parts.keys()].sort((a, b) => a - b);
  for (const key of keys.slice(0, keys.length - KEEP_PARTS)) state.parts.delete(key);
}

/** Puts a bar in place and says how the chart must follow. */
function setBar(state: SeriesState, bar: Candle): ChartOp | null {
  const bars = state.bars;
  const last = bars.at(-1);
  if (!last || bar.time > last.time) {
    bars.push(bar);
    return { op: 'update', bar, historical: false };
  }
  if (bar.time === last.time) {
    if (sameBar(last, bar)) return null;
    bars[bars.length - 1] = bar;
    return { op: 'update', bar, historical: false };
  }
  const index = findBar(bars, bar.time);
  if (index >= 0) {
    if (sameBar(bars[index]!, bar)) return null;
    bars[index] = bar;
    return { op: 'update', bar, historical: true };
  }
  // A bar missing inside the window (a gap the server has now filled): update() cannot insert
  // in the middle, so the whole series is set again. Older than the window: dropped.
  if (bar.time < bars[0]!.time) return null;
  bars.splice(insertionIndex(bars, bar.time), 0, bar);
  return { op: 'reset' };
}
