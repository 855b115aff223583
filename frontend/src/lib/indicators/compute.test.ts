import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { computeAll, createCalc, sessionVwap } from './compute.ts';
import { makeIndicator, type IndicatorConfig, type IndicatorKind } from './spec.ts';

// Wilder's RSI worked example as published by StockCharts ("Relative Strength Index", ChartSchool):
// 33 closes and the RSI(14) from the 15th close on. The published sheet rounds its average gain and
// loss to two decimals at every step, so it differs from exact arithmetic by up to 0.07.
const WILDER_CLOSES = [
  44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.0, 46.03,
  46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13,
];
const WILDER_RSI14 = [
  70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3,
  33.08, 37.77,
];

const bar = (i: number, close: number, extra: Partial<Candle> = {}): Candle => ({
  time: 1_700_000_000 + i * 60,
  open: close,
  high: close,
  low: close,
  close,
  volume: 100,
  ...extra,
});
const closes = (xs: readonly number[]) => xs.map((c, i) => bar(i, c));
const ind = (kind: IndicatorKind, params: Record<string, number> = {}): IndicatorConfig => makeIndicator(kind, kind, params)!;
const column = (values: ReturnType<typeof computeAll>, k = 0) => values.map((v) => v[k] ?? null);

describe('indicator values against references', () => {
  it('RSI(14) matches the published Wilder table (to its rounding), undefined for the first 14 closes', () => {
    const rsi = column(computeAll(ind('rsi', { period: 14 }), closes(WILDER_CLOSES)));
    expect(rsi.slice(0, 14)).toEqual(Array(14).fill(null));
    rsi.slice(14).forEach((v, i) => expect(Math.abs(v! - WILDER_RSI14[i]!)).toBeLessThan(0.08));
  });

  it("RSI(14) equals Wilder's smoothing computed exactly", () => {
    const moves = WILDER_CLOSES.slice(1).map((c, i) => c - WILDER_CLOSES[i]!);
    let gain = moves.slice(0, 14).reduce((s, m) => s + Math.max(m, 0), 0) / 14;
    let loss = moves.slice(0, 14).reduce((s, m) => s + Math.max(-m, 0), 0) / 14;
    const exact = [100 - 100 / (1 + gain / loss)];
    for (const m of moves.slice(14)) {
      gain = (gain * 13 + Math.max(m, 0)) / 14;
      loss = (loss * 13 + Math.max(-m, 0)) / 14;
      exact.push(100 - 100 / (1 + gain / loss));
    }
    const rsi = column(computeAll(ind('rsi', { period: 14 }), closes(WILDER_CLOSES))).slice(14);
    rsi.forEach((v, i) => expect(v).toBeCloseTo(exact[i]!, 9));
  });

  it('SMA(3) is the mean of the last three closes from the third bar on', () => {
    expect(column(computeAll(ind('sma', { period: 3 }), closes([1, 2, 3, 4, 5, 9])))).toEqual([null, null, 2, 3, 4, 6]);
  });

  it('EMA(3) weighs each close by 2/(3+1) over the previous value, shown once three closes are in', () => {
    // hand-computed: 1, 1.5, 2.25, 3.125, 4.0625, 6.53125 (seeded with the first close)
    expect(column(computeAll(ind('ema', { period: 3 }), closes([1, 2, 3, 4, 5, 9])))).toEqual([null, null, 2.25, 3.125, 4.0625, 6.53125]);
  });

  it('Bollinger Bands(3, 2) are the SMA ± twice the population standard deviation', () => {
    const [, , third] = computeAll(ind('bb', { period: 3, deviations: 2 }), closes([1, 2, 3]));
    const sd = Math.sqrt(2 / 3);
    expect(third![0]).toBeCloseTo(2 + 2 * sd, 10);
    expect(third![1]).toBe(2);
    expect(third![2]).toBeCloseTo(2 - 2 * sd, 10);
  });

  it('MACD(2,3,2) is EMA(2) − EMA(3) from the third close, with its signal from the fourth', () => {
    const xs = [10, 12, 11, 14, 13];
    const ema = (k: number) => xs.reduce<number[]>((acc, x, i) => [...acc, i === 0 ? x : x * k + acc[i - 1]! * (1 - k)], []);
    const fast = ema(2 / 3);
    const slow = ema(2 / 4);
    const macd = fast.map((f, i) => f - slow[i]!);
    const signal = macd.slice(2).reduce<number[]>((acc, m, i) => [...acc, i === 0 ? m : m * (2 / 3) + acc[i - 1]! * (1 / 3)], []);
    const out = computeAll(ind('macd', { fast: 2, slow: 3, signal: 2 }), closes(xs));
    expect(out[1]).toEqual([null, null, null]);
    expect(out[2]).toEqual([macd[2], null, null]);
    expect(out[3]![0]).toBeCloseTo(macd[3]!, 12);
    expect(out[3]![1]).toBeCloseTo(signal[1]!, 12);
    expect(out[4]![2]).toBeCloseTo(macd[4]! - signal[2]!, 12);
  });

  it('the volume average is the SMA of volumes', () => {
    const bars = [100, 200, 600].map((v, i) => bar(i, 10, { volume: v }));
    expect(column(computeAll(ind('volma', { period: 3 }), bars))).toEqual([null, null, 300]);
  });
});

describe('session VWAP', () => {
  it('accumulates typical price × volume within a session and starts again at the next one', () => {
    const day = 86_400;
    const bars: Candle[] = [
      { time: day * 10, open: 10, high: 12, low: 9, close: 12, volume: 100 }, // typical 11
      { time: day * 10 + 60, open: 12, high: 14, low: 11, close: 14, volume: 300 }, // typical 13
      { time: day * 11, open: 20, high: 21, low: 19, close: 20, volume: 50 }, // next day: typical 20
    ];
    expect(column(computeAll(ind('vwap'), bars))).toEqual([11, (11 * 100 + 13 * 300) / 400, 20]);
  });

  it('is not drawn on daily and longer bars (each would be its own session)', () => {
    const bars = [bar(0, 10), bar(1, 12)];
    expect(computeAll(ind('vwap'), bars, null)).toEqual([[null], [null]]);
  });

  it('a forming bar that starts with no volume does not undo the bar before it', () => {
    const calc = sessionVwap();
    calc.push(bar(0, 10), false);
    expect(calc.push(bar(1, 20, { volume: 0 }), false)).toEqual([10]);
    expect(calc.push(bar(1, 20, { volume: 100 }), true)).toEqual([15]);
  });
});

describe('live updates of the forming bar', () => {
  const kinds: IndicatorConfig[] = [
    ind('sma', { period: 5 }),
    ind('ema', { period: 5 }),
    ind('bb', { period: 5, deviations: 2 }),
    ind('vwap'),
    ind('rsi', { period: 5 }),
    ind('macd', { fast: 3, slow: 6, signal: 3 }),
    ind('volma', { period: 5 }),
  ];
  for (const c of kinds) {
    it(`${c.kind}: replacing the last bar several times gives what computing from scratch gives`, () => {
      const bars = WILDER_CLOSES.map((c, i) => bar(i, c, { high: c + 0.5, low: c - 0.4, volume: 100 + i }));
      const calc = createCalc(c);
      const live: (readonly (number | null)[])[] = [];
      for (const b of bars) {
        // the forming bar ticks: a provisional close, then another, then its final value
        calc.push({ ...b, close: b.close + 1, volume: 1 }, false);
        calc.push({ ...b, close: b.close - 1, volume: 2 }, true);
        live.push(calc.push(b, true));
      }
      const scratch = computeAll(c, bars);
      expect(live.map((v) => v.map((x) => (x === null ? null : Number(x.toFixed(9)))))).toEqual(
        scratch.map((v) => v.map((x) => (x === null ? null : Number(x.toFixed(9))))),
      );
    });
  }
});
