// The header's symbol search: debounced as-you-type queries (a newer query cancels the older one,
// so results never arrive out of order), and the combobox's open state and active option.
import { SYMBOL_PATTERN } from '@tickstream/shared';
import type { SearchResult } from './api.ts';

export type SearchFn = (query: string, signal: AbortSignal) => Promise<SearchResult[]>;

export interface SymbolSearchOptions {
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class SymbolSearch {
  query = $state('');
  results = $state.raw<SearchResult[]>([]);
  /** index of the highlighted option; -1: none */
  active = $state(-1);
  open = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  #search: SearchFn;
  #debounceMs: number;
  #setTimer: (fn: () => void, ms: number) => unknown;
  #clearTimer: (handle: unknown) => void;
  #timer: unknown = null;
  #inflight: AbortController | null = null;

  constructor(search: SearchFn, options: SymbolSearchOptions = {}) {
    this.#search = search;
    this.#debounceMs = options.debounceMs ?? 200;
    this.#setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The text changed: search it after a pause in typing. */
  input(query: string): void {
    this.query = query;
    this.#cancel();
    const q = query.trim();
    if (q === '') {
      this.results = [];
      this.open = false;
      this.loading = false;
      this.error = null;
      this.active = -1;
      return;
    }
    this.open = true;
    this.loading = true;
    this.#timer = this.#setTimer(() => void this.#run(q), this.#debounceMs);
  }

  async #run(q: string): Promise<void> {
    this.#timer = null;
    const controller = new AbortController();
    this.#inflight = controller;
    try {
      const results = await this.#search(q, controller.signal);
      if (controller.signal.aborted) return;
      this.results = results;
      this.error = null;
      this.active = results.length > 0 ? 0 : -1;
    } catch (err) {
      if (controller.signal.aborted) return;
      this.results = [];
      this.active = -1;
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (this.#inflight === controller) {
        this.#inflight = null;
        this.loading = false;
      }
    }
  }

  #cancel(): void {
    if (this.#timer !== null) this.#clearTimer(this.#timer);
    this.#timer = null;
    this.#inflight?.abort();
    this.#inflight = null;
  }

  /** Arrow keys: moves the highlight, wrapping around; reopens a closed list that has results. */
  move(delta: number): void {
    const n = this.results.length;
    if (!this.open && this.query.trim() !== '') this.open = true;
    if (n === 0) return;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
  }

  get current(): SearchResult | null {
    return this.open ? (this.results[this.active] ?? null) : null;
  }

  /** A choice was made (Enter or a click): closes the list and clears the box for the next search. */
  choose(index = this.active): SearchResult | null {
    const picked = this.results[index] ?? null;
    if (picked) this.reset();
    return picked;
  }

  /** Enter: the highlighted result, or else the typed text when it is itself a symbol ("brk-b"). */
  enter(): string | null {
    const picked = this.current ? this.choose() : null;
    if (picked) return picked.symbol;
    const typed = this.query.trim().toUpperCase();
    // while results are on the way, wait for them rather than guess
    if (this.loading || !SYMBOL_PATTERN.test(typed)) return null;
    this.reset();
    return typed;
  }

  close(): void {
    this.open = false;
  }

  reset(): void {
    this.input('');
  }

  destroy(): void {
    this.#cancel();
  }
}
