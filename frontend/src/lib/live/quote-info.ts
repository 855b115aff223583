// The info part of each symbol's quote (name, currency, previous close, pre/post-market, ...), as the
// snapshot and `info` messages bring it, so every `tick` (which carries only what moved) reaches
// listeners as a complete quote.
import { quoteInfoOf, withQuoteInfo, type LiveTick, type QuoteInfo, type Tick } from '@tickstream/shared';

export class QuoteInfoBook {
  #info = new Map<string, QuoteInfo>();

  /** Records the info of complete quotes (a snapshot). */
  learn(ticks: readonly Tick[]): void {
    for (const t of ticks) this.#info.set(t.symbol, quoteInfoOf(t));
  }

  set(info: QuoteInfo): void {
    this.#info.set(info.symbol, info);
  }

  /** The complete quote for a live tick; info fields stay empty for a symbol nothing is known about. */
  complete(tick: LiveTick): Tick {
    return withQuoteInfo(tick, this.#info.get(tick.symbol));
  }
}
