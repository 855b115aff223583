import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { applyLive, createSeriesState } from './merge.ts';

const T0 = 1_700_000_040; // a minute boundary (divisible by 60)
const bar = (time: number, close: number, volume = 10, extra: Partial<Candle> = {}): Candle => ({
  time,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume,
  ...extra,
});
const tick = (time: number, price: number) => ({ kind: 'tick' as const, time, price });
const candle = (c: Candle) => ({ kind: 'candle' as const, candle: c });

describe('1m series', () => {
  it('moves high, low and close of the forming bar on a tick in the same minute', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    expect(applyLive(s, tick(T0 + 30, 105))).toEqual({
      op: 'update',
      bar: { time: T0, open: 100, high: 105, low: 99, close: 105, volume: 10 },
      historical: false,
    });
  });

  it('opens a new bar when a tick crosses into the next minute (bucket rollover)', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    const op = applyLive(s, tick(T0 + 61, 101));
    expect(op).toEqual({
      op: 'update',
      bar: { time: T0 + 60, open: 101, high: 101, low: 101, close: 101, volume: 0 },
      historical: false,
    });
    expect(s.bars.map((b) => b.time)).toEqual([T0, T0 + 60]);
  });

  it('replaces the bar named by a candle message, keeping its volume', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    applyLive(s, tick(T0 + 70, 101));
    const revised = bar(T0 + 60, 102, 55);
    expect(applyLive(s, candle(revised))).toEqual({ op: 'update', bar: revised, historical: false });
  });

  it('drops a duplicate candle message without touching the chart', () => {
    const s = createSeriesState('1m', [bar(T0, 100), bar(T0 + 60, 101)]);
    expect(applyLive(s, candle(bar(T0 + 60, 101)))).toBeNull();
    expect(applyLive(s, candle(bar(T0, 100)))).toBeNull();
  });

  it('applies an out-of-order candle for an older bar as a historical update', () => {
    const s = createSeriesState('1m', [bar(T0, 100), bar(T0 + 60, 101), bar(T0 + 120, 102)]);
    const revised = bar(T0 + 60, 99, 77);
    expect(applyLive(s, candle(revised))).toEqual({ op: 'update', bar: revised, historical: true });
    expect(s.bars[1]).toEqual(revised);
  });

  it('drops a tick older than the forming bar instead of repainting history', () => {
    const s = createSeriesState('1m', [bar(T0, 100), bar(T0 + 60, 101)]);
    expect(applyLive(s, tick(T0 + 5, 50))).toBeNull();
    expect(s.bars[0]!.low).toBe(99);
  });

  it('drops a candle older than the loaded window', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    expect(applyLive(s, candle(bar(T0 - 600, 90)))).toBeNull();
    expect(s.bars).toHaveLength(1);
  });

  it('asks for a reset when a candle fills a gap inside the window', () => {
    const s = createSeriesState('1m', [bar(T0, 100), bar(T0 + 180, 103)]);
    expect(applyLive(s, candle(bar(T0 + 60, 101)))).toEqual({ op: 'reset' });
    expect(s.bars.map((b) => b.time)).toEqual([T0, T0 + 60, T0 + 180]);
  });

  it('appends across a gap of missing minutes without inventing bars', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    applyLive(s, candle(bar(T0 + 600, 110)));
    expect(s.bars.map((b) => b.time)).toEqual([T0, T0 + 600]);
  });

  it('starts from an empty history', () => {
    const s = createSeriesState('1m', []);
    expect(applyLive(s, tick(T0 + 1, 100))).toMatchObject({ op: 'update', historical: false });
    expect(s.bars).toEqual([{ time: T0, open: 100, high: 100, low: 100, close: 100, volume: 0 }]);
  });

  it('ignores prices that are not positive numbers', () => {
    const s = createSeriesState('1m', [bar(T0, 100)]);
    expect(applyLive(s, tick(T0 + 1, Number.NaN))).toBeNull();
    expect(applyLive(s, tick(T0 + 1, 0))).toBeNull();
    expect(applyLive(s, candle(bar(T0, -1)))).toBeNull();
  });

  it('sorts and de-duplicates history before use', () => {
    const s = createSeriesState('1m', [bar(T0 + 60, 101), bar(T0, 100), bar(T0 + 60, 105)]);
    expect(s.bars.map((b) => [b.time, b.close])).toEqual([
      [T0, 100],
      [T0 + 60, 105],
    ]);
  });
});

describe('intervals above 1m', () => {
  const B = 1_700_000_100; // a 5-minute boundary (divisible by 300)

  it('folds a new minute into the bucket a seeded history bar is made of', () => {
    const seed = [bar(B, 100, 10), bar(B + 60, 101, 20)];
    const s = createSeriesState('5m', [bar(B - 300, 99, 50), bar(B, 100, 30, { high: 102, low: 99 })], seed);
    const op = applyLive(s, candle(bar(B + 120, 104, 5)));
    expect(op).toEqual({
      op: 'update',
      bar: { time: B, open: 100, high: 105, low: 99, close: 104, volume: 35 },
      historical: false,
    });
  });

  it('counts a revised minute once, not once per revision', () => {
    const s = createSeriesState('5m', [bar(B, 100, 10)], [bar(B, 100, 10)]);
    applyLive(s, candle(bar(B + 60, 101, 5)));
    applyLive(s, candle(bar(B + 60, 101, 8)));
    expect(s.bars.at(-1)!.volume).toBe(18);
  });

  it('never double-counts volume when the bucket composition is unknown', () => {
    const s = createSeriesState('5m', [bar(B, 100, 40, { high: 101, low: 99 })]);
    const op = applyLive(s, candle(bar(B + 60, 103, 15)));
    expect(op).toMatchObject({ bar: { time: B, open: 100, high: 104, low: 99, close: 103, volume: 40 } });
  });

  it('opens the next bucket from minutes only (rollover at the bucket boundary)', () => {
    const s = createSeriesState('5m', [bar(B, 100)], [bar(B, 100)]);
    applyLive(s, candle(bar(B + 240, 101, 3)));
    applyLive(s, candle(bar(B + 300, 102, 4, { open: 101.5 })));
    applyLive(s, candle(bar(B + 360, 105, 6)));
    expect(s.bars.map((b) => b.time)).toEqual([B, B + 300]);
    expect(s.bars.at(-1)).toEqual({ time: B + 300, open: 101.5, high: 106, low: 101, close: 105, volume: 10 });
  });

  it('lets the first candle of a tick-opened bucket define the bar', () => {
    const s = createSeriesState('15m', [bar(B - 900 + 300, 100)]);
    applyLive(s, tick(B + 310, 120));
    applyLive(s, candle(bar(B + 300, 119, 9, { open: 118 })));
    expect(s.bars.at(-1)).toEqual({ time: B + 300, open: 118, high: 120, low: 118, close: 119, volume: 9 });
  });

  it('revises an older bucket as a historical update', () => {
    const s = createSeriesState('5m', [bar(B, 100, 10), bar(B + 300, 101, 10)]);
    const op = applyLive(s, candle(bar(B + 60, 90, 50)));
    expect(op).toEqual({
      op: 'update',
      bar: { time: B, open: 100, high: 101, low: 89, close: 90, volume: 50 },
      historical: true,
    });
  });

  it('follows the bucket grid of the history it was given', () => {
    // Daily bars that start at 04:00 UTC instead of midnight.
    const day = 86_400;
    const start = 19_700 * day + 4 * 3600;
    const s = createSeriesState('1d', [bar(start, 100)]);
    applyLive(s, tick(start + day - 60, 101));
    applyLive(s, tick(start + day + 60, 102));
    expect(s.bars.map((b) => b.time)).toEqual([start, start + day]);
  });

  it('ignores seed minutes that belong to other buckets', () => {
    const s = createSeriesState('5m', [bar(B, 100, 30)], [bar(B - 60, 1, 999), bar(B + 60, 100, 7)]);
    expect(s.bars.at(-1)!.volume).toBe(7);
  });
});

describe('monthly bars', () => {
  const NOV = Date.UTC(2026, 10, 1) / 1000;
  const DEC = Date.UTC(2026, 11, 1) / 1000;

  it('opens December on December 1st after a 30-day November, not 31 days after November began', () => {
    const s = createSeriesState('1mo', [bar(NOV, 100)]);
    expect(applyLive(s, tick(NOV + 29 * 86_400 + 3600, 101))).toMatchObject({ bar: { time: NOV, close: 101 } });
    expect(applyLive(s, tick(DEC + 3600, 102))).toMatchObject({ op: 'update', bar: { time: DEC, open: 102 }, historical: false });
  });
});
