import type { SourceStatus } from '@tickstream/shared';

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
