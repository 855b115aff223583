// A simple moving average of the last `period` completed candles of one interval, kept up to date
// from ticks: when a tick opens a new bucket, the previous bucket's last price is its close. Seeded
// once from the stored candles; O(1) per tick, O(period) once per bucket.
import { INTERVAL_SECONDS, type Candle } from '@tickstream/shared';

export type SmaInterval = '1m' | '1h' | '1d';

export class SmaTracker {
  readonly period: number;
  readonly seconds: number;
  private closes: number[] = [];
  private sum = 0;
  /** bucket start (unix s) of the newest tick seen (-Infinity: none yet), and its price (NaN: none).
   * Numbers rather than null: V8 keeps an always-number field unboxed, so a tick allocates nothing. */
  private bucket = Number.NEGATIVE_INFINITY;
  private last = Number.NaN;
  seeded = false;
  /** a read of the stored candles is in flight */
  seeding = false;

  constructor(interval: SmaInterval, period: number) {
    this.period = period;
    this.seconds = INTERVAL_SECONDS[interval];
  }

  bucketOf(time: number): number {
    return Math.floor(time / this.seconds) * this.seconds;
  }

  /** The average, or NaN until `period` completed candles are known. */
  value(): number {
    return this.seeded && this.closes.length === this.period ? this.sum / this.period : Number.NaN;
  }

  /** Completed candles from the store (ascending); ones at or after the current bucket are ignored. */
  seed(candles: readonly Candle[]): void {
    const current = this.bucket === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : this.bucket;
    const before = candles.filter((c) => c.time < current).map((c) => c.close);
    // Buckets completed by ticks while the store was read come after the stored ones.
    this.setCloses([...before, ...this.closes].slice(-this.period));
    this.seeded = true;
  }

  /** Folds a tick in; call before reading value() for it. Older ticks than the newest are ignored. */
  onTick(time: number, price: number): void {
    const b = this.bucketOf(time);
    if (b < this.bucket) return;
    if (b > this.bucket && !Number.isNaN(this.last)) this.push(this.last);
    this.bucket = b;
    this.last = price;
  }

  private push(close: number): void {
    this.closes.push(close);
    if (this.closes.length > this.period) this.closes.shift();
    // Summed afresh once per bucket: no drift from adding and subtracting floats forever.
    this.setCloses(this.closes);
  }

  private setCloses(closes: number[]): void {
    this.closes = closes;
    this.sum = closes.reduce((a, b) => a + b, 0);
  }
}
