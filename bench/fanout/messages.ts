// The load every design carries: one poll's batch as Tickstream's wire has it (a tick and the
// forming 1m candle per symbol), with the send time (ms since the epoch, sub-ms precision;
// comparable across processes on this machine) in each tick's `dayVolume` so the load generator
// can read it without parsing JSON.
import { liveTickOf, type PublishedMessage, type SymbolCandle, type Tick } from '@tickstream/shared';

/** Precedes the send time in every tick message (and appears once per tick message). */
export const TIME_MARK = '"dayVolume":';

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface BenchBatch {
  ticks: Tick[];
  candles: SymbolCandle[];
}

export function benchBatch(symbols: readonly string[], seq: number, sentAt: number): BenchBatch {
  const time = 1_700_000_000 + seq;
  const ticks: Tick[] = symbols.map((symbol, i) => ({
    symbol,
    time,
    price: 100 + i + seq / 100,
    change: 0.5,
    changePercent: 0.25,
    previousClose: 99.5,
    dayHigh: 101,
    dayLow: 99,
    dayVolume: Number(sentAt.toFixed(3)),
    marketState: 'REGULAR',
    currency: 'USD',
    source: 'simulated',
    name: 'Bench Instrument Inc.',
  }));
  const candles = ticks.map((t) => ({ symbol: t.symbol, time: time - (time % 60), open: 100, high: 101, low: 99, close: t.price, volume: 123_456 }));
  return { ticks, candles };
}

/**
 * The same wire messages Tickstream sends, for the baselines (which have no stream positions of their
 * own). `full`: each tick with every field of its quote (name, currency, previous close...), as the
 * wire had them before ticks carried only what moves (issue #14 measured the designs on such a frame).
 */
export function benchMessages(batch: BenchBatch, firstOffset: number, full = false): PublishedMessage[] {
  let offset = 1_700_000_000_000_000 + firstOffset;
  return [
    ...batch.ticks.map((t): PublishedMessage => ({ type: 'tick', offset: offset++, tick: full ? t : liveTickOf(t) })),
    ...batch.candles.map((candle): PublishedMessage => ({ type: 'candle', offset: offset++, candle })),
  ];
}

/** What a server child is told and tells back over the IPC channel. */
export type ToServer = { type: 'start'; batches: number; intervalMs: number } | { type: 'exit' };
export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'done'; rssPeakMb: number; rssEndMb: number; cpuMs: number; wallMs: number; sendMs: number[] };
