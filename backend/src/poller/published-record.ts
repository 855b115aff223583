// What this instance last published, per symbol. The store is the authority on "new" while it
// answers; during a store outage this memory keeps live delivery deduplicated on symbol + time.
import { quoteInfoOf, sameQuoteInfo, type QuoteInfo, type SymbolCandle, type Tick } from '@tickstream/shared';

/** Recent buckets remembered per symbol (enough for any revision a poll can bring). */
const CANDLES_KEPT = 240;

export interface PublishedRecord {
  /** Ticks newer than the last published one for their symbol. */
  newTicks(ticks: readonly Tick[]): Tick[];
  /** Same time as the last published tick but a different market state (e.g. the close). */
  stateChanges(ticks: readonly Tick[]): Tick[];
  /** Candles that differ from the last published version of their bucket. */
  changedCandles(candles: readonly SymbolCandle[]): SymbolCandle[];
  /** The info of each quote that differs from the last info published for its symbol. */
  changedInfo(ticks: readonly Tick[]): QuoteInfo[];
  recordTicks(ticks: readonly Tick[]): void;
  recordInfo(info: readonly QuoteInfo[]): void;
  recordCandles(candles: readonly SymbolCandle[]): void;
  retain(symbols: readonly string[]): void;
}

const sameCandle = (a: SymbolCandle, b: SymbolCandle) =>
  a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;

export function createPublishedRecord(): PublishedRecord {
  const ticks = new Map<string, { time: number; marketState: Tick['marketState'] }>();
  const candles = new Map<string, Map<number, SymbolCandle>>();
  const infos = new Map<string, QuoteInfo>();

  return {
    newTicks: (list) => list.filter((t) => t.time > (ticks.get(t.symbol)?.time ?? -Infinity)),
    stateChanges: (list) =>
      list.filter((t) => {
        const last = ticks.get(t.symbol);
        return last !== undefined && last.time === t.time && last.marketState !== t.marketState;
      }),
    changedCandles: (list) =>
      list.filter((c) => {
        const prev = candles.get(c.symbol)?.get(c.time);
        return !prev || !sameCandle(prev, c);
      }),
    changedInfo: (list) =>
      list.map(quoteInfoOf).filter((info) => {
        const prev = infos.get(info.symbol);
        return !prev || !sameQuoteInfo(prev, info);
      }),
    recordInfo(list) {
      for (const info of list) infos.set(info.symbol, info);
    },
    recordTicks(list) {
      for (const t of list) {
        const last = ticks.get(t.symbol);
        if (!last || t.time >= last.time) ticks.set(t.symbol, { time: t.time, marketState: t.marketState });
      }
    },
    recordCandles(list) {
      const touched = new Set<string>();
      for (const c of list) {
        let m = candles.get(c.symbol);
        if (!m) candles.set(c.symbol, (m = new Map()));
        m.set(c.time, c);
        touched.add(c.symbol);
      }
      for (const symbol of touched) {
        const m = candles.get(symbol);
        if (!m || m.size <= CANDLES_KEPT) continue;
        const keys = [...m.keys()].sort((a, b) => a - b);
        for (const k of keys.slice(0, keys.length - CANDLES_KEPT)) m.delete(k);
      }
    },
    retain(symbols) {
      const keep = new Set(symbols);
      for (const s of [...ticks.keys()]) if (!keep.has(s)) ticks.delete(s);
      for (const s of [...candles.keys()]) if (!keep.has(s)) candles.delete(s);
      for (const s of [...infos.keys()]) if (!keep.has(s)) infos.delete(s);
    },
  };
}
