// The session sparkline on a watchlist card: the last contiguous run of bars, extended by ticks.
import type { Candle } from '@tickstream/shared';

export interface SparkPoint {
  time: number;
  value: number;
}

export const SPARK_STEP = 300;
/** A pause longer than this between bars ends a session (overnight, weekend). */
const SESSION_GAP = 3 * 3600;
const MAX_POINTS = 600;

export function sessionPoints(candles: readonly Candle[], maxGap = SESSION_GAP): SparkPoint[] {
  let start = 0;
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.time - candles[i - 1]!.time > maxGap) start = i;
  }
  return candles.slice(start).map((c) => ({ time: c.time, value: c.close }));
}

/** Extends the line with a live price: moves the current bucket's point or adds the next one. */
export function appendPrice(points: readonly SparkPoint[], time: number, price: number, step = SPARK_STEP): SparkPoint[] {
  const bucket = Math.floor(time / step) * step;
  const last = points.at(-1);
  if (last && bucket < last.time) return points as SparkPoint[];
  if (last && bucket === last.time) {
    if (last.value === price) return points as SparkPoint[];
    return [...points.slice(0, -1), { time: bucket, value: price }];
  }
  const next = [...points, { time: bucket, value: price }];
  return next.length > MAX_POINTS ? next.slice(next.length - MAX_POINTS) : next;
}

export interface SparkGeometry {
  path: string;
  /** y of the reference (previous close) line, when it is inside the drawn range */
  referenceY: number | null;
}

/** SVG path for the points in a width x height box, scaled to include the reference price. */
export function sparkGeometry(
  points: readonly SparkPoint[],
  width: number,
  height: number,
  reference: number | null = null,
): SparkGeometry {
  if (points.length < 2) return { path: '', referenceY: null };
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    min = Math.min(min, p.value);
    max = Math.max(max, p.value);
  }
  if (reference !== null) {
    min = Math.min(min, reference);
    max = Math.max(max, reference);
  }
  const pad = 2;
  const span = max - min || 1;
  const t0 = points[0]!.time;
  const tSpan = points.at(-1)!.time - t0 || 1;
  const x = (t: number) => ((t - t0) / tSpan) * width;
  const y = (v: number) => pad + (1 - (v - min) / span) * (height - 2 * pad);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time).toFixed(1)},${y(p.value).toFixed(1)}`).join('');
  return { path, referenceY: reference !== null ? Number(y(reference).toFixed(1)) : null };
}
