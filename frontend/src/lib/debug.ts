// Test hook: browser tests set `__TICKSTREAM_DEBUG__ = true` before the app loads and read the
// chart's data and timings from `window.__tickstream`. Nothing is exposed otherwise.
import type { Candle, Interval, Range } from '@tickstream/shared';
import type { ConnectionStatus } from './live/socket.ts';

export interface TickstreamDebug {
  /** ms from navigation start to the first painted candle */
  firstCandleMs?: number;
  chart?: { symbol: string; range: Range; interval: Interval; bars: () => Candle[] };
  connection?: () => ConnectionStatus;
  /** outcome of the last resume after a reconnect */
  resume?: () => { recovered: boolean; replayed: number } | null;
  /** history requests made by charts (the first load plus reloads after gaps) */
  historyLoads?: number;
  /** ids of the alert events toasted by this page, in order (a repeat would be a double toast) */
  alertToasts?: number[];
}

export function debugHandle(): TickstreamDebug | null {
  if (!globalThis.__TICKSTREAM_DEBUG__) return null;
  return (globalThis.__tickstream ??= {});
}

/** Marks the first candle painted (a performance mark always; the debug handle when enabled). */
export function markFirstCandle(): void {
  performance.mark('tickstream:first-candle');
  const debug = debugHandle();
  if (debug && debug.firstCandleMs === undefined) debug.firstCandleMs = performance.now();
}
