// Incremental indicator values over candles, on trading-signals. Each calculator takes bars in time
// order; the forming (last) bar is fed again with `replace`, which the library undoes and redoes in
// O(1) (O(period) for windowed ones), so a live tick never recomputes the series.
import { BollingerBands, EMA, MACD, RSI, SMA } from 'trading-signals';
import type { Candle } from '@tickstream/shared';
import type { IndicatorConfig } from './spec.ts';

/** One value per output line (null where the indicator is not defined yet, e.g. the first period-1 bars). */
export type IndicatorValues = readonly (number | null)[];

export interface IndicatorCalc {
  /** names of the output lines, in the order of the values */
  readonly outputs: readonly string[];
  /** the values at this bar: a new bar (replace false) or the forming bar again (replace true) */
  push(bar: Candle, replace: boolean): IndicatorValues;
}

/** The session a bar belongs to, for VWAP's anchor (sessions.ts: the exchange's trading day; default the UTC day, a crypto day). */
export type SessionOf = (time: number) => number;
export const utcDay: SessionOf = (time) => Math.floor(time / 86_400);

const stable = (ind: { isStable: boolean; getResult(): number | null }): number | null => (ind.isStable ? ind.getResult() : null);

/** A single-output calculator over one number per bar. */
function single(name: string, pick: (bar: Candle) => number, ind: SMA | EMA | RSI): IndicatorCalc {
  return {
    outputs: [name],
    push(bar, replace) {
      ind.update(pick(bar), replace);
      return [stable(ind)];
    },
  };
}

/**
 * VWAP anchored to each session: cumulative typical price × volume over cumulative volume since the
 * session's first bar. Kept here rather than on the library's VWAP, which has no anchor and, given
 * a zero-volume forming bar, skips it and then undoes the previous bar on the next replace.
 */
export function sessionVwap(sessionOf: SessionOf | null = utcDay): IndicatorCalc {
  // daily and longer bars are a session each or more: a session VWAP would be each bar's typical price
  if (sessionOf === null) return { outputs: ['vwap'], push: () => [null] };
  let session: number | null = null;
  let pv = 0;
  let vol = 0;
  let last = { pv: 0, vol: 0 };
  return {
    outputs: ['vwap'],
    push(bar, replace) {
      const s = sessionOf(bar.time);
      if (!replace) {
        if (s !== session) {
          session = s;
          pv = 0;
          vol = 0;
        } else {
          pv += last.pv;
          vol += last.vol;
        }
      }
      last = { pv: ((bar.high + bar.low + bar.close) / 3) * bar.volume, vol: bar.volume };
      const v = vol + last.vol;
      return [v > 0 ? (pv + last.pv) / v : null];
    },
  };
}

/** `sessionOf` null: bars of a day or more, which have no session inside them (VWAP is not drawn). */
export function createCalc(c: IndicatorConfig, sessionOf: SessionOf | null = utcDay): IndicatorCalc {
  const close = (b: Candle) => b.close;
  switch (c.kind) {
    case 'sma':
      return single('sma', close, new SMA(c.period));
    case 'ema':
      return single('ema', close, new EMA(c.period));
    case 'rsi':
      return single('rsi', close, new RSI(c.period));
    case 'volma':
      return single('volma', (b) => b.volume, new SMA(c.period));
    case 'vwap':
      return sessionVwap(sessionOf);
    case 'bb': {
      const bb = new BollingerBands(c.period, c.deviations);
      return {
        outputs: ['upper', 'middle', 'lower'],
        push(bar, replace) {
          const r = bb.update(bar.close, replace);
          return r ? [r.upper, r.middle, r.lower] : [null, null, null];
        },
      };
    }
    case 'macd': {
      const signal = new EMA(c.signal);
      const macd = new MACD(new EMA(c.fast), new EMA(c.slow), signal);
      return {
        outputs: ['macd', 'signal', 'histogram'],
        push(bar, replace) {
          const r = macd.update(bar.close, replace);
          if (!r) return [null, null, null];
          // the signal line is defined once its own EMA has seen `signal` MACD values
          return signal.isStable ? [r.macd, r.signal, r.histogram] : [r.macd, null, null];
        },
      };
    }
  }
}

/** Every bar's values from scratch (what a reset draws). */
export function computeAll(c: IndicatorConfig, bars: readonly Candle[], sessionOf?: SessionOf | null): IndicatorValues[] {
  const calc = createCalc(c, sessionOf);
  return bars.map((b) => calc.push(b, false));
}
