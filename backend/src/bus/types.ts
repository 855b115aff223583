// What the bus carries between instances: positioned live messages, in one order everywhere.
import type { PublishedMessage, SourceStatus } from '@tickstream/shared';

type Unpositioned<T> = T extends PublishedMessage ? Omit<T, 'offset'> : never;
/** A published message before the bus gives it its stream position. */
export type MessageBody = Unpositioned<PublishedMessage>;
/**
 * A positioned message as the bus carries it between instances: with its epoch, which live
 * delivery leaves off the wire (a connection's messages are all in the epoch of its welcome).
 */
export type BusMessage = PublishedMessage & { epoch: string };

export interface BatchInfo {
  /** unix ms at which the publishing instance handed the batch to the bus */
  publishedAt: number;
}

/** Where the stream stands, and what it holds, when an instance joins it. */
export interface BusState {
  epoch: string;
  /** offset of the last message published so far in this epoch */
  offset: number;
  /** up to the requested number of the newest messages, oldest first, all in `epoch` and <= `offset` */
  messages: BusMessage[];
  /** the newest source status published in this epoch */
  status: SourceStatus | null;
}

export interface PublishOptions {
  /**
   * Names the batch so that trying it again is safe: when a publish failed after the bus may
   * already have appended it (the connection dropped before the reply), the retry with the same id
   * is appended at most once and resolves with the first try's positions. Only the newest id is
   * remembered, which suffices because a publisher retries a batch before it publishes the next.
   */
  id?: string;
}

/**
 * Carries positioned messages to every instance (including the sender).
 *
 * Positions: every message gets the next offset of the current epoch. Offsets are allocated and the
 * batch is appended in one atomic step, so every instance sees batches in offset order with no gaps.
 * A new epoch starts when the stream's history is lost (a new process for the memory bus; the Redis
 * keys gone, e.g. FLUSHALL or a Redis restart without persistence); its offsets start at
 * epoch start time (unix ms) x 1000, so offsets never go backwards across epochs.
 */
export interface Bus {
  readonly kind: 'memory' | 'redis';
  /** Positions the bodies (consecutive offsets, in order) and delivers them; resolves with the positioned batch. */
  publish(bodies: readonly MessageBody[], options?: PublishOptions): Promise<BusMessage[]>;
  /** Batches published after the call, in offset order, on every instance. */
  subscribe(listener: (batch: BusMessage[], info: BatchInfo) => void): () => void;
  /** The current position and up to `limit` newest messages (to warm a replay buffer). */
  state(limit: number): Promise<BusState>;
  close(): Promise<void>;
}
