// Latest quote per symbol (with the previous price, for the flash) and the data source's status.
import { SvelteMap } from 'svelte/reactivity';
import type { SourceStatus, Tick } from '@tickstream/shared';
import type { Clock } from '../clock.svelte.ts';
import type { LiveConnection } from './connection.svelte.ts';
import { DEFAULT_POLL_MS, disconnectedTooLong, pollIntervalMs, staleBySource } from './freshness.ts';
import { nextQuote, withInfo, type QuoteView } from './quote-book.ts';

export type { QuoteView };

export class Quotes {
  #views = new SvelteMap<string, QuoteView>();
  #status = $state.raw<SourceStatus | null>(null);
  /** the poll interval the statuses so far showed (a status sent during a poll shows none) */
  #pollMs = $state(DEFAULT_POLL_MS);
  #unlisten: () => void;
  #connection: LiveConnection;
  #clock: Clock;

  constructor(connection: LiveConnection, clock: Clock) {
    this.#connection = connection;
    this.#clock = clock;
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

  get status(): SourceStatus | null {
    return this.#status;
  }

  set status(s: SourceStatus | null) {
    this.#status = s;
    this.#pollMs = pollIntervalMs(s, this.#pollMs);
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

  /** The connection has been down long enough that polls happened this page did not see. */
  get offline(): boolean {
    return disconnectedTooLong(this.#connection.downSinceMs, this.#clock.now, this.#pollMs);
  }

  /** The source status as the page should judge prices by: stale while offline too long. */
  get effectiveStatus(): SourceStatus | null {
    const s = this.status;
    if (!this.offline || !s) return s;
    return { ...s, stale: true };
  }

  /** Prices may be old: the source is failing or flagged them stale, or this page is offline. */
  isStale(symbol: string): boolean {
    return this.offline || staleBySource(this.status, symbol);
  }

  /** Seconds since the symbol's quote time (for "updated 40 s ago"), null without a quote. */
  ageSeconds(symbol: string): number | null {
    const t = this.#views.get(symbol)?.tick.time;
    return t === undefined ? null : Math.max(0, Math.round(this.#clock.now / 1000 - t));
  }

  destroy(): void {
    this.#unlisten();
  }
}
