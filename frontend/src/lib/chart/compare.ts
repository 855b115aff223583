// Compare: other symbols drawn over the main chart as % change from the first visible bar. Pure
// rules only (the URL form, aligning another symbol's bars to the main bar times, re-basing to the
// first visible bar); drawing is compare-view.ts, live state compare.svelte.ts.
import { symbolSchema } from '@tickstream/shared';
import { insertionIndex } from './buckets.ts';

export interface ClosePoint {
  /** unix seconds */
  time: number;
  value: number;
}

/** More lines than this stop being readable on one chart. */
export const MAX_COMPARE = 4;
export const COMPARE_PARAM = 'compare';
/** Line colours in order of adding: distinct from the up/down candles and the indicators' palette. */
export const COMPARE_COLORS = ['#0d9488', '#c026d3', '#854d0e', '#475569'] as const;

/** `?compare=MSFT,spy` → ['MSFT', 'SPY']: valid symbols only, no repeats, not the main symbol, at most MAX_COMPARE. */
export function parseCompare(raw: string | null | undefined, main: string): string[] {
  const out: string[] = [];
  for (const part of (raw ?? '').split(',')) {
    const parsed = symbolSchema.safeParse(part);
    if (!parsed.success || parsed.data === main || out.includes(parsed.data)) continue;
    out.push(parsed.data);
    if (out.length === MAX_COMPARE) break;
  }
  return out;
}

/** The URL's search string with `compare` set to these symbols (removed when there are none). */
export function withCompare(search: string, symbols: readonly string[]): string {
  const params = new URLSearchParams(search);
  if (symbols.length === 0) params.delete(COMPARE_PARAM);
  else params.set(COMPARE_PARAM, symbols.join(','));
  // commas read better than %2C in a URL people copy
  const text = params.toString().replace(/%2C/g, ',');
  return text === '' ? '' : `?${text}`;
}

/**
 * The other symbol's closes at the main chart's bar times: at each main time, its last close at or
 * before it (carried forward over its missing bars; nothing before its first bar). Times of its own
 * that the main series lacks are dropped, so the shared time scale keeps the main symbol's bars
 * (a 24/7 crypto pair compared with a stock adds no night-time gaps to the stock's chart).
 */
export function alignToTimes(mainTimes: readonly number[], bars: readonly ClosePoint[]): ClosePoint[] {
  const out: ClosePoint[] = [];
  let j = 0;
  let last: number | null = null;
  for (const t of mainTimes) {
    while (j < bars.length && bars[j]!.time <= t) last = bars[j++]!.value;
    if (last !== null) out.push({ time: t, value: last });
  }
  return out;
}

/** The first point at or after `fromTime` (the first visible bar), or null. */
export function baseAt(points: readonly ClosePoint[], fromTime: number): ClosePoint | null {
  return points[insertionIndex(points, fromTime)] ?? null;
}

export function percentChange(base: number, value: number): number {
  return (value / base - 1) * 100;
}

/** The series as % change from its value at the first visible bar (re-based whenever that changes). */
export function rebase(points: readonly ClosePoint[], fromTime: number): ClosePoint[] {
  const base = baseAt(points, fromTime);
  if (!base || base.value === 0) return [];
  return points.map((p) => ({ time: p.time, value: percentChange(base.value, p.value) }));
}

/** % change at `atTime` (the last point at or before it) from the first visible bar; null when either is missing. */
export function changeAt(points: readonly ClosePoint[], fromTime: number, atTime: number): number | null {
  const base = baseAt(points, fromTime);
  if (!base || base.value === 0 || atTime < base.time) return null;
  const at = points[insertionIndex(points, atTime + 1) - 1];
  return at ? percentChange(base.value, at.value) : null;
}

/** true when `next` differs from `shown` only by its last point (changed or appended): a cheap update, not a redraw. */
export function onlyTailChanged(shown: readonly ClosePoint[], next: readonly ClosePoint[]): boolean {
  if (shown.length === 0 || (next.length !== shown.length && next.length !== shown.length + 1)) return false;
  for (let i = 0; i < next.length - 1; i++) {
    const a = next[i]!;
    const b = shown[i]!;
    if (a.time !== b.time || a.value !== b.value) return false;
  }
  return true;
}
