// A geometric Brownian motion that can be evaluated at any second without replaying history:
// the log price is a Brownian bridge between random anchors placed every 64 days, refined by
// bisection down to minutes (one tree per block) and then to seconds (one tree per minute).
// Every refinement draws its normal from the hash of its position, so the path is a pure
// function of (seed, symbol, time): ticks, bars and backfill always agree, across restarts.
import { normalAt } from './random.ts';

export const BLOCK_MINUTES = 64 * 1440;
const MINUTES_PER_YEAR = 365 * 1440;
const TAG_ANCHOR = 1;
const TAG_MINUTE = 2;
const TAG_SECOND = 3;
/**
 * Extra variance inside a minute (x4 = twice the volatility): microstructure noise that makes a
 * 2-second poll visibly move without changing the minute-to-minute path.
 */
const INTRAMINUTE_NOISE = 4;

export interface PathParams {
  /** hash of (seed, symbol) */
  key: number;
  /** annualised volatility of the log price, e.g. 0.3 */
  volatility: number;
  /** spread of the 64-day anchors around the base price (keeps prices near realistic levels) */
  anchorSpread: number;
}

function bridge(wa: number, wb: number, a: number, m: number, b: number, variancePerUnit: number, z: number): number {
  const mean = wa + ((wb - wa) * (m - a)) / (b - a);
  return mean + Math.sqrt((variancePerUnit * (m - a) * (b - m)) / (b - a)) * z;
}

function anchor(p: PathParams, block: number): number {
  return p.anchorSpread * normalAt(p.key, TAG_ANCHOR, block);
}

const minuteVariance = (p: PathParams) => (p.volatility * p.volatility) / MINUTES_PER_YEAR;

/**
 * Walks a Brownian bridge from (lo, wLo)-(hi, wHi) down to `target` by bisection: each midpoint is
 * drawn from its own seeded normal, so any point can be computed alone and always agrees with its neighbours.
 */
function bridgeAt(target: number, lo: number, hi: number, wLo: number, wHi: number, variance: number, noise: (mid: number) => number): number {
  for (;;) {
    if (target === lo) return wLo;
    if (target === hi) return wHi;
    const mid = Math.floor((lo + hi) / 2);
    const wMid = bridge(wLo, wHi, lo, mid, hi, variance, noise(mid));
    if (target === mid) return wMid;
    if (target < mid) {
      hi = mid;
      wHi = wMid;
    } else {
      lo = mid;
      wLo = wMid;
    }
  }
}

/** Log-deviation from the base price at the start of unix minute `minute`. */
export function logAtMinute(p: PathParams, minute: number): number {
  const block = Math.floor(minute / BLOCK_MINUTES);
  const target = minute - block * BLOCK_MINUTES;
  return bridgeAt(target, 0, BLOCK_MINUTES, anchor(p, block), anchor(p, block + 1), minuteVariance(p), (mid) =>
    normalAt(p.key, TAG_MINUTE, block, mid),
  );
}

/** Log-deviations at seconds 0..60 of unix minute `minute` (index 60 is the next minute's start). */
export function secondsOfMinute(p: PathParams, minute: number): Float64Array {
  const w = new Float64Array(61);
  w[0] = logAtMinute(p, minute);
  w[60] = logAtMinute(p, minute + 1);
  const variance = (minuteVariance(p) * INTRAMINUTE_NOISE) / 60;
  const fill = (lo: number, hi: number) => {
    if (hi - lo < 2) return;
    const mid = Math.floor((lo + hi) / 2);
    w[mid] = bridge(w[lo] ?? 0, w[hi] ?? 0, lo, mid, hi, variance, normalAt(p.key, TAG_SECOND, minute, mid));
    fill(lo, mid);
    fill(mid, hi);
  };
  fill(0, 60);
  return w;
}

/** Log-deviation at unix second `t`; identical to the matching entry of secondsOfMinute. */
export function logAtSecond(p: PathParams, t: number): number {
  const minute = Math.floor(t / 60);
  const target = t - minute * 60;
  const wLo = logAtMinute(p, minute);
  if (target === 0) return wLo;
  const variance = (minuteVariance(p) * INTRAMINUTE_NOISE) / 60;
  return bridgeAt(target, 0, 60, wLo, logAtMinute(p, minute + 1), variance, (mid) => normalAt(p.key, TAG_SECOND, minute, mid));
}
