// Latest quote per symbol plus what the previous price was, for the change flash.
import { liveTickOf, quoteInfoOf, sameQuoteInfo, withQuoteInfo, type QuoteInfo, type Tick } from '@tickstream/shared';

export interface QuoteView {
  tick: Tick;
  /** price shown before this tick; null for the first one */
  previousPrice: number | null;
  /** direction of the last price move, for the flash */
  flash: 'up' | 'down' | null;
  /** increments on every price move, so a repeated move in the same direction flashes again */
  flashSeq: number;
}

/** The next view for a symbol, or null when the tick changes nothing (older, or identical). */
export function nextQuote(prev: QuoteView | undefined, incoming: Tick): QuoteView | null {
  if (!prev) return { tick: incoming, previousPrice: null, flash: null, flashSeq: 0 };
  const old = prev.tick;
  // A tick served from the store carries no name; keep the one already known. A tick whose info
  // never arrived (source '') keeps all of it.
  const tick =
    incoming.source === '' ? { ...quoteInfoOf(old), ...liveTickOf(incoming) } : incoming.name || !old.name ? incoming : { ...incoming, name: old.name };
  if (tick.time < old.time) return null;
  if (
    tick.time === old.time &&
    tick.price === old.price &&
    tick.marketState === old.marketState &&
    tick.dayVolume === old.dayVolume &&
    sameQuoteInfo(quoteInfoOf(tick), quoteInfoOf(old))
  ) {
    return null;
  }
  if (tick.price === old.price) return { ...prev, tick };
  return {
    tick,
    previousPrice: old.price,
    flash: tick.price > old.price ? 'up' : 'down',
    flashSeq: prev.flashSeq + 1,
  };
}

/** The view with a symbol's new quote info (name, previous close, pre/post-market, ...); null when nothing changes. */
export function withInfo(prev: QuoteView | undefined, info: QuoteInfo): QuoteView | null {
  if (!prev || sameQuoteInfo(quoteInfoOf(prev.tick), info)) return null;
  return { ...prev, tick: withQuoteInfo(prev.tick, info) };
}
