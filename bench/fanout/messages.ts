// The load every design carries: one poll's batch of tick messages, shaped like Tickstream's, with
// the send time (ms since the epoch, sub-ms precision; comparable across processes on this machine)
// in each tick's `source` so the load generator can read it without parsing JSON.
import type { PublishedMessage, Tick } from '@tickstream/shared';

export const TIME_MARK = 'bench:';

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function benchTicks(symbols: readonly string[], seq: number, sentAt: number): Tick[] {
  return symbols.map((symbol, i) => ({
    symbol,
    time: 1_700_000_000 + seq,
    price: 100 + i + seq / 100,
    change: 0.5,
    changePercent: 0.25,
    previousClose: 99.5,
    dayHigh: 101,
    dayLow: 99,
    dayVolume: 1_000_000 + seq,
    marketState: 'REGULAR',
    currency: 'USD',
    source: `${TIME_MARK}${sentAt.toFixed(3)}`,
  }));
}

/** The same wire messages Tickstream sends, for the baselines (which have no stream positions of their own). */
export function benchMessages(ticks: Tick[], firstOffset: number): PublishedMessage[] {
  return ticks.map((tick, i) => ({ type: 'tick', epoch: 'bench', offset: firstOffset + i, tick }));
}

/** What a server child is told and tells back over the IPC channel. */
export type ToServer = { type: 'start'; batches: number; intervalMs: number } | { type: 'exit' };
export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'done'; rssPeakMb: number; rssEndMb: number; cpuMs: number; wallMs: number; sendMs: number[] };
