// Between two bar fetches (Yahoo bars are fetched at most once a minute per symbol) new ticks
// revise the forming 1m bar, so the chart's last candle moves with the price. The next bar
// fetch replaces these estimates with Yahoo's own bars.
import type { SymbolCandle, Tick } from '@tickstream/shared';

export interface FormingBars {
  /** Bars from the source: the newest per symbol becomes the base for tick revisions. */
  applyBars(bars: readonly SymbolCandle[]): void;
  /** The forming bar revised by a new tick, or null when the tick cannot say anything new. */
  mergeTick(tick: Tick): SymbolCandle | null;
  retain(symbols: readonly string[]): void;
}

export function createFormingBars(): FormingBars {
  const latest = new Map<string, SymbolCandle>();
  const lastDayVolume = new Map<string, number>();

  return {
    applyBars(bars) {
      for (const b of bars) {
        const prev = latest.get(b.symbol);
        if (!prev || b.time >= prev.time) latest.set(b.symbol, b);
      }
    },
    mergeTick(tick) {
      const prevVolume = lastDayVolume.get(tick.symbol);
      if (tick.dayVolume !== null) lastDayVolume.set(tick.symbol, tick.dayVolume);
      // Outside regular hours Yahoo's price does not move and 1m charts have no bars.
      if (tick.marketState !== 'REGULAR') return null;
      const bucket = Math.floor(tick.time / 60) * 60;
      const prev = latest.get(tick.symbol);
      if (prev && prev.time > bucket) return null;
      const delta = tick.dayVolume !== null && prevVolume !== undefined && tick.dayVolume >= prevVolume ? tick.dayVolume - prevVolume : 0;
      const next: SymbolCandle =
        prev && prev.time === bucket
          ? {
              ...prev,
              high: Math.max(prev.high, tick.price),
              low: Math.min(prev.low, tick.price),
              close: tick.price,
              volume: prev.volume + delta,
            }
          : { symbol: tick.symbol, time: bucket, open: tick.price, high: tick.price, low: tick.price, close: tick.price, volume: delta };
      latest.set(tick.symbol, next);
      return next;
    },
    retain(symbols) {
      const keep = new Set(symbols);
      for (const s of [...latest.keys()]) if (!keep.has(s)) latest.delete(s);
      for (const s of [...lastDayVolume.keys()]) if (!keep.has(s)) lastDayVolume.delete(s);
    },
  };
}
