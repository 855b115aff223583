// The portfolio-over-time chart's state: range and benchmark (kept per browser), the server's series,
// refetched when they or the holdings change, and a live last point from the app's quote store.
import { DEFAULT_BENCHMARK, PORTFOLIO_RANGES, type HoldingRecord, type PortfolioHistoryResponse, type PortfolioRange } from '@tickstream/shared';
import type { LiveContext } from '../live/context.ts';
import type { PortfolioApi } from './api.ts';
import { excludedReason, liveValue, withLiveTail, type HistoryView } from './history.ts';

export const HISTORY_CHOICE_KEY = 'tickstream.portfolioHistory';
/** While a held symbol has no stored bars yet (its backfill is running), ask again this often. */
const RETRY_MISSING_MS = 5000;
const MAX_RETRIES = 12;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

export class PortfolioHistory {
  range = $state<PortfolioRange>('1d');
  benchmark = $state(DEFAULT_BENCHMARK);
  data = $state.raw<PortfolioHistoryResponse | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  #api: PortfolioApi;
  #live: LiveContext;
  #records: () => readonly HoldingRecord[];
  #storage: Storage | undefined;
  #inflight: AbortController | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #retries = 0;

  constructor(api: PortfolioApi, live: LiveContext, records: () => readonly HoldingRecord[], storage: Storage | undefined) {
    this.#api = api;
    this.#live = live;
    this.#records = records;
    this.#storage = storage;
    try {
      const saved = JSON.parse(storage?.getItem(HISTORY_CHOICE_KEY) ?? 'null') as { range?: string; benchmark?: string } | null;
      if (saved?.range && (PORTFOLIO_RANGES as readonly string[]).includes(saved.range)) this.range = saved.range as PortfolioRange;
      if (typeof saved?.benchmark === 'string' && saved.benchmark) this.benchmark = saved.benchmark;
    } catch {
      // defaults
    }
  }

  /** The series with its last point following live ticks. */
  view = $derived.by((): HistoryView | null => {
    const data = this.data;
    if (!data) return null;
    const left = new Set(data.excluded.map((e) => e.symbol));
    const counted = new Set(this.#records().map((h) => h.symbol).filter((s) => !left.has(s)));
    const priceOf = (s: string) => this.#live.quotes.get(s)?.tick.price;
    return withLiveTail(data, {
      value: counted.size > 0 ? liveValue(this.#records(), counted, priceOf) : null,
      benchmarkClose: priceOf(data.benchmark.symbol) ?? null,
      nowSeconds: Math.floor(this.#live.clock.now / 1000),
    });
  });

  /** The holdings left out of the chart, each with why ("SAP.DE (other currency: EUR)"). */
  excluded = $derived.by((): string[] => {
    const data = this.data;
    if (!data) return [];
    return data.excluded.map((e) => `${e.symbol} (${excludedReason(e, data.currency, this.#live.quotes.get(e.symbol)?.tick.currency)})`);
  });

  /**
   * Held symbols with no acquired-on date: the server counts them over the whole range
   * (value-over-time.ts), so the chart says so rather than draw a past they were not held in.
   */
  undated = $derived.by((): string[] => [...new Set(this.#records().filter((h) => !h.acquiredOn).map((h) => h.symbol))]);

  setRange(range: PortfolioRange): void {
    this.range = range;
    this.#save();
    void this.load();
  }

  setBenchmark(symbol: string): void {
    this.benchmark = symbol.trim().toUpperCase();
    this.#save();
    void this.load();
  }

  /** Fetches the series; `retry`: the timer's own call, which does not reset the retry count. */
  async load(retry = false): Promise<void> {
    if (!retry) this.#retries = 0;
    this.#inflight?.abort();
    if (this.#retry !== null) clearTimeout(this.#retry);
    const controller = new AbortController();
    this.#inflight = controller;
    this.loading = true;
    try {
      const data = await this.#api.history(this.range, this.benchmark, controller.signal);
      if (controller.signal.aborted) return;
      this.data = data;
      this.error = null;
      // a symbol just added is still being backfilled (its bars and first quote come shortly)
      const missing = data.excluded.some((e) => e.reason !== 'OTHER_CURRENCY') || (data.points.length === 0 && this.#records().length > 0);
      if (missing && this.#retries++ < MAX_RETRIES) this.#retry = setTimeout(() => void this.load(true), RETRY_MISSING_MS);
    } catch (err) {
      if (controller.signal.aborted) return;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#inflight === controller) {
        this.#inflight = null;
        this.loading = false;
      }
    }
  }

  destroy(): void {
    this.#inflight?.abort();
    if (this.#retry !== null) clearTimeout(this.#retry);
  }

  #save(): void {
    try {
      this.#storage?.setItem(HISTORY_CHOICE_KEY, JSON.stringify({ range: this.range, benchmark: this.benchmark }));
    } catch {
      // memory only
    }
  }
}
