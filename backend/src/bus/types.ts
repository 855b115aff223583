// What the poller hands to live delivery each cycle. Live delivery positions it (epoch + offset)
// and carries it over a Bus (in-process or Redis) to every instance's clients.
import type { PublishedMessage, SourceStatus, SymbolCandle, Tick } from '@tickstream/shared';

export interface MarketUpdate {
  /** new ticks only (already deduplicated on symbol + time) */
  ticks: Tick[];
  /** new or revised 1m bars */
  candles: SymbolCandle[];
  /** present when the source status changed */
  status?: SourceStatus;
}

/** The poller's only view of live delivery. */
export interface MarketPublisher {
  publish(update: MarketUpdate): Promise<void>;
}

/** Carries positioned messages to every instance (including the sender). */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  publish(batch: PublishedMessage[]): Promise<void>;
  subscribe(listener: (batch: PublishedMessage[]) => void): () => void;
  close(): Promise<void>;
}
