// Latest quote per symbol (with the previous price, for the flash) and the data source's status.
import { SvelteMap } from 'svelte/reactivity';
import type { SourceStatus, Tick } from '@tickstream/shared';
import type { LiveConnection } from './connection.svelte.ts';
import { nextQuote, withInfo, type QuoteView } from './quote-book.ts';

export type { QuoteView };

export class Quotes {
  #views = new SvelteMap<string, QuoteView>();
  status = $state.raw<SourceStatus | null>(null);
  #unlisten: () => void;

  constructor(connection: LiveConnection) {
    this.#unlisten = connection.listen({
      tick: (t) => this.apply(t),
      info: (info) => {
        const next = withInfo(this.#views.get(info.symbol), info);
        if (next) this.#views.set(info.symbol, next);
      },
      snapshot: (ticks, status) => {
        for (const t of ticks) this.apply(t);
        if (status) this.status = status;
      },
      sourceStatus: (s) => (this.status = s),
    });
  }

  /** Initial values from GET /api/quotes; live data that arrived first is kept (it is newer). */
  seed(ticks: readonly Tick[], status: SourceStatus | null): void {
    for (const t of ticks) this.apply(t);
    if (status && !this.status) this.status = status;
  }

  apply(tick: Tick): void {
    const next = nextQuote(this.#views.get(tick.symbol), tick);
    if (next) this.#views.set(tick.symbol, next);
  }

  get(symbol: string): QuoteView | undefined {
    return this.#views.get(symbol);
  }

  get symbols(): string[] {
    return [...this.#views.keys()];
  }

  /** Every known market is closed (weekend, night): the UI says it shows the last session. */
  get allClosed(): boolean {
    if (this.#views.size === 0) return false;
    for (const v of this.#views.values()) if (v.tick.marketState !== 'CLOSED') return false;
    return true;
  }

  /** Prices may be old: the source is failing or flagged them stale. */
  isStale(symbol: string): boolean {
    const s = this.status;
    if (!s) return false;
    return s.stale || s.state !== 'ok' || symbol in s.symbolErrors;
  }

  destroy(): void {
    this.#unlisten();
  }
}
