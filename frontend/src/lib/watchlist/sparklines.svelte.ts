// Session sparklines for the watchlist: 5m history per symbol, extended live by ticks.
import { SvelteMap } from 'svelte/reactivity';
import type { SourceStatus, Tick } from '@tickstream/shared';
import { fetchSessionCandles, type Fetch } from '../api/market.ts';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { appendPrice, sessionPoints, type SparkPoint } from './sparkline.ts';

export class Sparklines {
  #points = new SvelteMap<string, SparkPoint[]>();
  #requested = new Set<string>();
  #queued: string[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #fetch: Fetch;
  #unlisten: () => void;
  /** symbols whose 1m backfill the last status listed (a symbol just added to a list) */
  #backfilling = new Set<string>();

  constructor(connection: LiveConnection, fetchFn: Fetch) {
    this.#fetch = fetchFn;
    const onTick = (t: Tick) => {
      const points = this.#points.get(t.symbol);
      // Before history arrives there is no session to extend: ticks wait for it.
      if (points) this.#points.set(t.symbol, appendPrice(points, t.time, t.price));
    };
    this.#unlisten = connection.listen({
      tick: onTick,
      snapshot: (ticks, status) => {
        ticks.forEach(onTick);
        if (status) this.#onStatus(status);
      },
      sourceStatus: (status) => this.#onStatus(status),
    });
  }

  /**
   * A symbol just added to a list is backfilled after its card asked for its session, which then
   * came back empty: it is asked for again once the backfill is done (its symbol leaves the status).
   */
  #onStatus(status: SourceStatus): void {
    const now = new Set(status.backfill.symbols ?? []);
    for (const symbol of this.#backfilling) {
      if (!now.has(symbol) && this.#requested.has(symbol)) this.#load(symbol);
    }
    this.#backfilling = now;
  }

  get(symbol: string): SparkPoint[] {
    return this.#points.get(symbol) ?? [];
  }

  /**
   * Loads a symbol's session once (a failure leaves the card without a sparkline). The requests go
   * out in a task of their own: the first render asks for every card's at once, and each fetch()
   * call costs 1-3 ms of main thread, which would otherwise lengthen that render's long task (#19).
   */
  ensure(symbol: string): void {
    if (this.#requested.has(symbol)) return;
    this.#requested.add(symbol);
    this.#queued.push(symbol);
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      for (const queued of this.#queued.splice(0)) this.#load(queued);
    });
  }

  #load(symbol: string): void {
    fetchSessionCandles(this.#fetch, symbol, Math.floor(Date.now() / 1000)).then(
      (candles) => this.#points.set(symbol, sessionPoints(candles)),
      (err: unknown) => console.warn(`[tickstream] no sparkline for ${symbol}`, err),
    );
  }

  destroy(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#unlisten();
  }
}
