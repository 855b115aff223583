// The one rule for "the latest tick of a symbol" when live memory and the store both have one. Used
// by GET /api/quotes, the live snapshot on subscribe and the portfolio valuation.
//
// Newest by quote time wins; on equal times the live tick wins. Equal times mean the same quote
// from the same poll, and the live copy is the better one: ticks read back from the store carry
// only the stored fields (no name, 52-week range, pre/post-market). Whichever wins, the info live
// memory knows fills what the stored tick lacks; and a live tick whose info this instance never saw
// (it joined the stream after the symbol's last `info` message) takes the stored tick's.
import { liveTickOf, quoteInfoOf, type Tick } from '@tickstream/shared';

export function newestTick(live: Tick | undefined, stored: Tick | undefined): Tick | undefined {
  if (!live) return stored;
  if (!stored) return live;
  if (stored.time > live.time) return { ...quoteInfoOf(live), ...stored };
  return live.source === '' ? { ...quoteInfoOf(stored), ...liveTickOf(live) } : live;
}

/** Per symbol in the order given, the newest of the live and the stored tick; symbols with neither are left out. */
export function latestTicks(symbols: Iterable<string>, live: ReadonlyMap<string, Tick>, stored: Iterable<Tick>): Map<string, Tick> {
  const bySymbol = new Map<string, Tick>();
  for (const t of stored) bySymbol.set(t.symbol, t);
  const out = new Map<string, Tick>();
  for (const symbol of symbols) {
    const tick = newestTick(live.get(symbol), bySymbol.get(symbol));
    if (tick) out.set(symbol, tick);
  }
  return out;
}
