// The poller's public surface: what app.ts and the HTTP layer call, and the one contract it needs
// from live delivery (MarketPublisher), which live/ implements.
import type { QuoteInfo, SourceStatus, SymbolCandle, Tick } from '@tickstream/shared';

/** What the poller hands to live delivery each cycle; live delivery positions it and fans it out. */
export interface MarketUpdate {
  /** new ticks only (already deduplicated on symbol + time); live delivery sends their live part */
  ticks: Tick[];
  /** quote info that differs from what was last published for its symbol (sent before the ticks) */
  info?: QuoteInfo[];
  /** new or revised 1m bars */
  candles: SymbolCandle[];
  /** present when the source status changed */
  status?: SourceStatus;
}

/** The poller's only view of live delivery. */
export interface MarketPublisher {
  publish(update: MarketUpdate): Promise<void>;
}

export interface Poller {
  /** Starts backfill and the fixed-rate schedule (when this instance wins the poller lock). */
  start(): void;
  /** Finishes or aborts the poll in flight, flushes queued writes. */
  stop(): Promise<void>;
  /** Current source status (for /api/health and the live `status` message). */
  status(): SourceStatus;
  /** true while this instance holds the poller lock */
  isLeader(): boolean;
  /** Replaces the polled symbol set at run time (watchlist + holdings). */
  setSymbols(symbols: readonly string[]): void;
  symbols(): readonly string[];
  /** Rows waiting for the store because it was unreachable. */
  pendingWrites(): number;
}
