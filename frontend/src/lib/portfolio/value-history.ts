// The portfolio's value over the session, from each holding's stored 1m candles summed by time
// with the held quantities, then kept current by live candles and ticks.
import { decimalFromNumber, decimalToNumber, mulDecimal, parseDecimal, type Candle, type Tick } from '@tickstream/shared';

export interface ValuePoint {
  /** unix seconds (bucket start) */
  time: number;
  value: number;
}

const MINUTE = 60;
const MAX_BARS = 2 * 1440;
/** A gap longer than this between bars ends a session (overnight, weekend). */
export const SESSION_GAP_SECONDS = 2 * 3600;
/** However long the run without gaps (24/7 markets), a session is at most a day. */
export const SESSION_MAX_SECONDS = 24 * 3600;

/** Sums quantities per symbol exactly (several lots of one symbol count once, with their total). */
export function quantitiesBySymbol(holdings: readonly { symbol: string; quantity: string }[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const h of holdings) {
    const q = parseDecimal(h.quantity);
    if (q !== null) out.set(h.symbol, (out.get(h.symbol) ?? 0n) + q);
  }
  return out;
}

/**
 * Value at each bar time: Σ quantity × last close at or before that time. Before a symbol's first
 * bar it counts at that first close (flat), so a holding whose history starts late does not show
 * up as a jump in value. Symbols without any close are left out (see `pricedSymbols`).
 */
export function valueSeries(quantities: ReadonlyMap<string, bigint>, closes: ReadonlyMap<string, ReadonlyMap<number, number>>): ValuePoint[] {
  const symbols = pricedSymbols(quantities, closes);
  if (symbols.length === 0) return [];
  const times = new Set<number>();
  const last = new Map<string, bigint>();
  for (const s of symbols) {
    const bars = closes.get(s) as ReadonlyMap<number, number>;
    const first = Math.min(...bars.keys());
    last.set(s, decimalFromNumber(bars.get(first) ?? 0) ?? 0n);
    for (const t of bars.keys()) times.add(t);
  }
  const points: ValuePoint[] = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    let total = 0n;
    for (const s of symbols) {
      const c = closes.get(s)?.get(t);
      const exact = c === undefined ? null : decimalFromNumber(c);
      if (exact !== null) last.set(s, exact);
      total += mulDecimal(quantities.get(s) ?? 0n, last.get(s) ?? 0n);
    }
    points.push({ time: t, value: decimalToNumber(total) });
  }
  return points;
}

/** The held symbols that have at least one close to value them with. */
export function pricedSymbols(quantities: ReadonlyMap<string, bigint>, closes: ReadonlyMap<string, ReadonlyMap<number, number>>): string[] {
  return [...quantities.keys()].filter((s) => (closes.get(s)?.size ?? 0) > 0);
}

/** The newest session: the last run of points without a long gap, at most a day long. */
export function lastSession(points: readonly ValuePoint[]): ValuePoint[] {
  const end = points.length;
  if (end === 0) return [];
  const newest = points[end - 1]!.time;
  let start = end - 1;
  while (start > 0) {
    const prev = points[start - 1]!;
    if (points[start]!.time - prev.time > SESSION_GAP_SECONDS || newest - prev.time > SESSION_MAX_SECONDS) break;
    start--;
  }
  return points.slice(start);
}

/** Closes per symbol and minute; history first, then live candles and ticks update the last bars. */
export class ValueHistory {
  #closes = new Map<string, Map<number, number>>();

  setCandles(symbol: string, candles: readonly Candle[]): void {
    const live = this.#closes.get(symbol);
    const map = new Map<number, number>(candles.map((c) => [c.time, c.close]));
    // Live bars that arrived while history was loading are newer than what the store returned.
    for (const [t, close] of live ?? []) if (t >= (candles.at(-1)?.time ?? -Infinity)) map.set(t, close);
    this.#closes.set(symbol, map);
  }

  /** A 1m candle from the live stream (new or revised). */
  applyCandle(symbol: string, time: number, close: number): void {
    this.#set(symbol, time, close);
  }

  /** A tick moves the close of its minute. */
  applyTick(tick: Pick<Tick, 'symbol' | 'time' | 'price'>): void {
    this.#set(tick.symbol, Math.floor(tick.time / MINUTE) * MINUTE, tick.price);
  }

  forget(keep: ReadonlySet<string>): void {
    for (const s of [...this.#closes.keys()]) if (!keep.has(s)) this.#closes.delete(s);
  }

  has(symbol: string): boolean {
    return this.#closes.has(symbol);
  }

  series(quantities: ReadonlyMap<string, bigint>): ValuePoint[] {
    return lastSession(valueSeries(quantities, this.#closes));
  }

  /** Held symbols the series cannot include yet (no bar or tick seen). */
  missing(quantities: ReadonlyMap<string, bigint>): string[] {
    const priced = new Set(pricedSymbols(quantities, this.#closes));
    return [...quantities.keys()].filter((s) => !priced.has(s));
  }

  #set(symbol: string, time: number, close: number): void {
    let map = this.#closes.get(symbol);
    if (!map) {
      map = new Map();
      this.#closes.set(symbol, map);
    }
    map.set(time, close);
    // A page left open for days must not grow without bound: keep the newest two days of minutes.
    if (map.size > MAX_BARS + 500) {
      const drop = [...map.keys()].sort((a, b) => a - b).slice(0, map.size - MAX_BARS);
      for (const t of drop) map.delete(t);
    }
  }
}
