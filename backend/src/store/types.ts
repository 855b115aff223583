// The storage boundary. Two drivers (PGlite embedded, node-postgres server) implement it
// with the same drizzle queries; SQL lives only in the repositories behind it.
import type { DailyBar } from '@tickstream/shared';
import type {
  AlertCondition,
  AlertEvent,
  AlertEventsQuery,
  Candle,
  DeliveryAttempt,
  DeliveryState,
  Holding,
  Interval,
  MarketHours,
  SymbolCandle,
  Tick,
  WebhookFormat,
} from '@tickstream/shared';

/** Intervals built from 1-minute candles (1wk/1mo exist only as roll-ups of stored daily bars). */
export type CandleInterval = Exclude<Interval, '1wk' | '1mo'>;

/** The exchange clock bars follow: 1h bars start at the session open, 1d bars are local trading dates. */
export interface SessionClock {
  /** IANA zone */
  timezone: string;
  /** minutes after local midnight */
  sessionOpen: number;
}

export interface HistoryQuery {
  symbol: string;
  interval: CandleInterval;
  /** absent, or UTC with a whole-hour open: UTC hours and days */
  session?: SessionClock;
  /** inclusive, unix seconds */
  from: number;
  /** inclusive, unix seconds */
  to: number;
  limit: number;
}


export interface DailyHistoryQuery {
  symbol: string;
  interval: '1d' | '1wk' | '1mo';
  /** inclusive, unix seconds: bars whose time (UTC midnight of the day, week's Monday, month's 1st) lies in [from, to] */
  from: number;
  to: number;
  limit: number;
  adjust: 'split' | 'split-dividend';
}

/** When a symbol's daily history was fetched, and its exchange's clock. */
export interface DailySync {
  /** unix seconds */
  syncedAt: number;
  /** IANA time zone of the exchange (UTC for crypto) */
  timezone: string;
  /** regular session open, minutes after local midnight (570 = 09:30) */
  sessionOpen: number;
  firstTradeDay: string | null;
}

export interface DailyBarRepository {
  /** Upsert keyed on (symbol, day); resolves to how many rows were inserted or changed. */
  upsertMany(bars: readonly DailyBar[]): Promise<number>;
  /** Daily bars or their weekly/monthly roll-ups, ascending, the newest `limit` when more match. */
  history(query: DailyHistoryQuery): Promise<Candle[]>;
  /** ISO date of the newest stored day, or null. */
  newestDay(symbol: string): Promise<string | null>;
  recordSync(symbol: string, sync: DailySync): Promise<void>;
  syncs(symbols: readonly string[]): Promise<Map<string, DailySync>>;
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
  /**
   * Makes bars written in [from, to] (unix s) show in every aggregated interval now, not at the next
   * refresh: on TimescaleDB a refresh of that span (store/settle.ts); elsewhere bars aggregate as
   * they are read, and this does nothing.
   */
  settle(span: { from: number; to: number }): Promise<void>;
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

/** An alert's settings as stored (the API's Alert adds the status computed from its ArmState). */
export interface AlertSettings {
  symbol: string;
  condition: AlertCondition;
  repeat: 'once' | 'every';
  cooldownSeconds: number;
  marketHours: MarketHours;
  enabled: boolean;
  note: string | null;
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
}

/** What the evaluator keeps per alert between ticks; times unix seconds. */
export interface ArmState {
  /** null: no price seen since created or edited */
  armed: boolean | null;
  done: boolean;
  cooldownUntil: number | null;
  lastFiredAt: number | null;
  fireCount: number;
}

export interface StoredAlert extends AlertSettings {
  id: number;
  /** bumped by edits that change what fires; state of an older revision is void */
  revision: number;
  /** null when no state of the current revision is stored */
  state: ArmState | null;
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

export interface StateWrite extends ArmState {
  alertId: number;
  revision: number;
}

/** A firing to store: the new arm state and the event, written together or not at all. */
export interface NewFiring {
  state: StateWrite;
  symbol: string;
  condition: AlertCondition;
  note: string | null;
  price: number;
  observed: number | null;
  tickTime: number;
  firedAtMs: number;
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
  /** unix ms from which the outbox scan may deliver it (the firing instance tries it at once) */
  outboxAtMs: number;
}

/** A stored event still to be delivered (the outbox). */
export interface DeliveryJob {
  event: AlertEvent;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  /** attempts made so far */
  attempts: number;
}

export interface AlertRepository {
  list(): Promise<StoredAlert[]>;
  get(id: number): Promise<StoredAlert | null>;
  /** Creates the alert with its first state (armed known from the latest price, or null). */
  create(settings: AlertSettings, armed: boolean | null): Promise<StoredAlert>;
  /** `rearm`: a new revision (the stored state becomes void) whose state starts with `armed`. */
  update(id: number, patch: Partial<AlertSettings>, rearm: { armed: boolean | null } | null): Promise<StoredAlert | null>;
  remove(id: number): Promise<boolean>;
  count(): Promise<number>;
  /** Symbols of enabled alerts (they must be polled). */
  activeSymbols(): Promise<string[]>;
  /** Changes when any alert is created, edited or removed (to reload on the evaluating instance). */
  version(): Promise<string>;
  /** Writes arm states whose revision is still the alert's (others are dropped). */
  saveStates(states: readonly StateWrite[]): Promise<void>;
  /**
   * Stores the firing (event + state) atomically; null when the alert is gone, disabled or edited
   * since, or this tick already fired it (unique per alert and tick time).
   */
  fire(firing: NewFiring): Promise<AlertEvent | null>;
  events(query: AlertEventsQuery): Promise<{ events: AlertEvent[]; latestId: number | null }>;
  /** Pending deliveries due at `nowMs`, oldest first. */
  dueDeliveries(nowMs: number, limit: number): Promise<DeliveryJob[]>;
  /** Records one attempt and the event's delivery state (pending: retried from nextAttemptAtMs). */
  recordAttempt(eventId: number, attempt: DeliveryAttempt, next: { delivery: DeliveryState; nextAttemptAtMs: number | null }): Promise<void>;
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
  readonly dailyBars: DailyBarRepository;
  readonly holdings: HoldingRepository;
  readonly watchlists: WatchlistRepository;
  readonly viewedSymbols: ViewedSymbolRepository;
  readonly alerts: AlertRepository;
  /** Tries to become the one holder of a named lock; null when another session holds it. */
  tryLead(name: string): Promise<Leadership | null>;
  /** Resolves when the database answers a trivial query; rejects with StoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type { DailyBar };
