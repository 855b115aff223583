// Reactive state of the portfolio page. Prices come from the app's one live connection and quote
// store (useLive); figures are derived with the pure functions in model.ts on every tick.
import type { HoldingRecord, PortfolioResponse, SymbolCandle, Tick } from '@tickstream/shared';
import type { LiveContext } from '../live/context.ts';
import { GuardedWrites } from '../api/guarded-writes.svelte.ts';
import type { PortfolioApi } from './api.ts';
import { fieldErrors, requestBody, type FieldName, type HoldingFormValues } from './form.ts';
import { heldSymbols, recordsFrom, valuate, valueSeriesOf } from './model.ts';
import { ValueHistory } from './value-history.ts';

export type FormErrors = Partial<Record<FieldName | 'form', string>>;

export class PortfolioState {
  records = $state.raw<HoldingRecord[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  #staleAfter = $state(300);
  #historyVersion = $state(0);
  #history = new ValueHistory();
  #historyRequested = new Set<string>();
  #historyPending = $state(0);
  #live: LiveContext;
  #api: PortfolioApi;
  #writes: GuardedWrites<FieldName>;
  #cleanups: Array<() => void> = [];

  constructor(live: LiveContext, api: PortfolioApi) {
    this.#live = live;
    this.#api = api;
    this.#writes = new GuardedWrites({ setToken: (t) => api.setToken(t), what: 'holdings', fieldErrors, after: () => this.refresh() });
  }

  /** the server refused a write for want of the API token: the page asks for it */
  get needsToken(): boolean {
    return this.#writes.needsToken;
  }

  #tickOf = (symbol: string): Tick | undefined => this.#live.quotes.get(symbol)?.tick;

  valuation = $derived.by(() =>
    valuate({
      records: this.records,
      tickOf: this.#tickOf,
      status: this.#live.quotes.effectiveStatus,
      nowSeconds: Math.floor(this.#live.clock.now / 1000),
      staleAfterSeconds: this.#staleAfter,
    }),
  );

  series = $derived.by(() => {
    void this.#historyVersion;
    return valueSeriesOf(this.records, this.#tickOf, this.#history);
  });

  symbols = $derived(heldSymbols(this.records));

  /** the value chart is still waiting: for the holdings, or for a held symbol's history */
  get valueLoading(): boolean {
    return (!this.loaded && this.loadError === null) || this.#historyPending > 0;
  }

  /** Wires the live feed into the value history; returns the teardown. */
  start(initial: PortfolioResponse | null, loadError: string | null): () => void {
    if (initial) this.#install(initial);
    this.loadError = loadError;
    const onTick = (t: Tick) => {
      if (!this.symbols.includes(t.symbol)) return;
      this.#history.applyTick(t);
      this.#historyVersion++;
    };
    const onCandle = (c: SymbolCandle) => {
      if (!this.symbols.includes(c.symbol)) return;
      this.#history.applyCandle(c.symbol, c.time, c.close);
      this.#historyVersion++;
    };
    this.#cleanups.push(
      this.#live.connection.listen({
        tick: onTick,
        candle: onCandle,
        snapshot: (ticks) => ticks.forEach(onTick),
        // messages were lost for good: start over from the server
        gap: () => void this.refresh(true),
      }),
    );
    return () => {
      for (const fn of this.#cleanups.splice(0)) fn();
    };
  }

  /** Follow the held symbols on the shared live connection for as long as the returned function is not called. */
  follow(symbols: readonly string[]): () => void {
    return this.#live.connection.follow(symbols);
  }

  async refresh(reloadHistory = false): Promise<void> {
    try {
      const res = await this.#api.portfolio();
      if (reloadHistory) this.#historyRequested.clear();
      this.#install(res);
      this.loadError = null;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Adds (no id) or edits a holding; resolves to the errors to show, or null when saved. */
  async save(values: HoldingFormValues, id?: number): Promise<FormErrors | null> {
    const body = requestBody(values);
    return this.#write(() => (id === undefined ? this.#api.create(body) : this.#api.update(id, body)));
  }

  async remove(id: number): Promise<FormErrors | null> {
    return this.#write(() => this.#api.remove(id));
  }

  /** Stores the token the user typed and retries the write that needed it. */
  provideToken(token: string): Promise<FormErrors | null> {
    return this.#writes.provideToken(token);
  }

  cancelToken(): void {
    this.#writes.cancel();
  }

  #write(action: () => Promise<unknown>): Promise<FormErrors | null> {
    return this.#writes.run(action);
  }

  #install(res: PortfolioResponse): void {
    this.records = recordsFrom(res);
    this.#staleAfter = res.staleAfterSeconds;
    this.#live.quotes.seed(res.ticks, res.status);
    for (const t of res.ticks) this.#history.applyTick(t);
    const held = new Set(heldSymbols(this.records));
    this.#history.forget(held);
    // a symbol removed and added again later needs its history fetched again
    for (const s of [...this.#historyRequested]) if (!held.has(s)) this.#historyRequested.delete(s);
    this.loaded = true;
    this.#historyVersion++;
    this.#loadHistories();
  }

  #loadHistories(): void {
    const now = Math.floor(Date.now() / 1000);
    for (const symbol of heldSymbols(this.records)) {
      if (this.#historyRequested.has(symbol)) continue;
      this.#historyRequested.add(symbol);
      this.#historyPending++;
      this.#api
        .history(symbol, now)
        .then(
          (candles) => {
            this.#history.setCandles(symbol, candles);
            this.#historyVersion++;
          },
          (err: unknown) => {
            this.#historyRequested.delete(symbol);
            console.warn(`[tickstream] no value history for ${symbol}`, err);
          },
        )
        .finally(() => this.#historyPending--);
    }
  }
}
