// Reactive state of the portfolio page. Prices come from the app's one live connection and quote
// store (useLive); figures are derived with the pure functions in model.ts on every tick.
import type { HoldingRecord, PortfolioResponse, Tick } from '@tickstream/shared';
import type { LiveContext } from '../live/context.ts';
import { GuardedWrites } from '../api/guarded-writes.svelte.ts';
import type { PortfolioApi } from './api.ts';
import { fieldErrors, requestBody, type FieldName, type HoldingFormValues } from './form.ts';
import { heldSymbols, recordsFrom, valuate } from './model.ts';
import { PortfolioHistory } from './history.svelte.ts';

export type FormErrors = Partial<Record<FieldName | 'form', string>>;

export class PortfolioState {
  records = $state.raw<HoldingRecord[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  #staleAfter = $state(300);
  #live: LiveContext;
  #api: PortfolioApi;
  #writes: GuardedWrites<FieldName>;
  #cleanups: Array<() => void> = [];

  constructor(live: LiveContext, api: PortfolioApi) {
    this.#live = live;
    this.#api = api;
    this.history = new PortfolioHistory(api, live, () => this.records, globalThis.localStorage);
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

  /** the value over time against a benchmark (its own fetches; reloaded when the holdings change) */
  readonly history: PortfolioHistory;

  symbols = $derived(heldSymbols(this.records));

  /** Wires the live feed into the value history; returns the teardown. */
  start(initial: PortfolioResponse | null, loadError: string | null): () => void {
    if (initial) this.#install(initial);
    this.loadError = loadError;
    this.#cleanups.push(
      this.#live.connection.listen({
        // messages were lost for good: start over from the server
        gap: () => void this.refresh(),
      }),
      () => this.history.destroy(),
    );
    return () => {
      for (const fn of this.#cleanups.splice(0)) fn();
    };
  }

  /** Follow the held symbols on the shared live connection for as long as the returned function is not called. */
  follow(symbols: readonly string[]): () => void {
    return this.#live.connection.follow(symbols);
  }

  async refresh(): Promise<void> {
    try {
      const res = await this.#api.portfolio();
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
    this.loaded = true;
    void this.history.load();
  }
}
