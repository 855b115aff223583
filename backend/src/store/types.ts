// The storage boundary. Two drivers (PGlite embedded, node-postgres server) implement it
// with the same drizzle queries; SQL lives only in the repositories behind it.
import type { Candle, Holding, Interval, SymbolCandle, Tick } from '@tickstream/shared';

export interface HistoryQuery {
  symbol: string;
  interval: Interval;
  /** inclusive, unix seconds */
  from: number;
  /** inclusive, unix seconds */
  to: number;
  limit: number;
}

export interface TickRepository {
  /** Idempotent insert keyed on (symbol, time); resolves to the ticks that were new. */
  insertMany(ticks: readonly Tick[]): Promise<Tick[]>;
  /** Latest stored tick per symbol (symbols with none are absent). */
  latest(symbols: readonly string[]): Promise<Tick[]>;
  /** Ticks with time > afterTime (unix s), ascending by time, at most `limit`. */
  since(symbols: readonly string[], afterTime: number, limit: number): Promise<Tick[]>;
}

export interface CandleRepository {
  /** Upsert keyed on (symbol, bucket); resolves to the bars that were inserted or changed. */
  upsertMany(candles: readonly SymbolCandle[]): Promise<SymbolCandle[]>;
  /** Candles ascending by time, no duplicates, at most `limit` (the newest `limit` when more match). */
  history(query: HistoryQuery): Promise<Candle[]>;
  /** Bucket start (unix s) of the newest stored 1m bar per symbol. */
  lastBuckets(symbols: readonly string[]): Promise<Map<string, number>>;
}

/** The one holding shape is shared's; quantity and costPerShare come back exactly as stored (numeric). */
export type { Holding };

export interface NewHolding {
  symbol: string;
  quantity: string;
  costPerShare: string;
  note?: string | null;
  acquiredOn?: string | null;
}

export interface HoldingRepository {
  list(): Promise<Holding[]>;
  get(id: number): Promise<Holding | null>;
  create(holding: NewHolding): Promise<Holding>;
  update(id: number, patch: Partial<NewHolding>): Promise<Holding | null>;
  remove(id: number): Promise<boolean>;
  count(): Promise<number>;
}

/** A stored watchlist: symbols in the list's order; times in unix seconds. */
export interface StoredWatchlist {
  id: number;
  name: string;
  symbols: string[];
  createdAt: number;
  updatedAt: number;
}

export interface WatchlistRepository {
  /** Every list by id, each with its symbols in order. */
  list(): Promise<StoredWatchlist[]>;
  get(id: number): Promise<StoredWatchlist | null>;
  count(): Promise<number>;
  /** A name already taken (ignoring case) is a StoreDataError with `conflict` (watchlists_name_key). */
  create(name: string, symbols: readonly string[]): Promise<StoredWatchlist>;
  rename(id: number, name: string): Promise<StoredWatchlist | null>;
  remove(id: number): Promise<boolean>;
  /**
   * Replaces the list's symbols with what `change` makes of the current ones, in one transaction that
   * holds the list's row, so concurrent edits (other tabs, other instances) never lose each other.
   * Whatever `change` throws is rethrown as is and nothing is written. Null when the list is absent.
   */
  changeSymbols(id: number, change: (current: readonly string[]) => readonly string[]): Promise<StoredWatchlist | null>;
  /** Distinct symbols across every list. */
  allSymbols(): Promise<string[]>;
}

export interface ViewedSymbolRepository {
  /** Marks the symbols as viewed until `untilSeconds` (unix s); an earlier mark never shortens a later one. */
  touch(symbols: readonly string[], untilSeconds: number): Promise<void>;
  /** Symbols viewed until after `nowSeconds`; older marks are deleted on the way. */
  active(nowSeconds: number): Promise<string[]>;
}

/** A held session-level advisory lock. `lost` resolves if the connection holding it dies. */
export interface Leadership {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** true when the TimescaleDB path (hypertables, continuous aggregates) is active */
  readonly timescale: boolean;
  /** Server only: why the TimescaleDB path is off (not installed, not preloaded, not permitted) and the fix */
  readonly timescaleReason?: string;
  readonly ticks: TickRepository;
  readonly candles: CandleRepository;
  readonly holdings: HoldingRepository;
  readonly watchlists: WatchlistRepository;
  readonly viewedSymbols: ViewedSymbolRepository;
  /** Tries to become the one holder of a named lock; null when another session holds it. */
  tryLead(name: string): Promise<Leadership | null>;
  /** Resolves when the database answers a trivial query; rejects with StoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
