// This instance's view of the stream: applies bus batches in offset order, keeps the replay buffer,
// the positions index and the latest tick per symbol, and notices gaps and epoch changes.
import { withQuoteInfo, type QuoteInfo, type SourceStatus, type Tick } from '@tickstream/shared';
import type { BatchInfo, BusMessage, BusState } from '../../bus/types.ts';
import type { Logger } from '../../logger.ts';
import { toEntry, type Entry } from './entry.ts';
import { createPositionIndex, type PositionIndex } from './position-index.ts';
import { createRing, type Ring } from './ring.ts';

export interface StreamOptions {
  ringSize: number;
  /** positions remembered beyond the ring, for the store fallback */
  indexSize: number;
  logger: Logger;
  /** new entries, in order, to fan out */
  onEntries(entries: Entry[], info: BatchInfo): void;
  /** clients' positions can no longer be honoured (epoch change or lost messages) */
  onDiscontinuity(reason: string): void;
}

export interface Stream {
  readonly ready: boolean;
  epoch(): string;
  /** offset of the last message applied here */
  offset(): number;
  readonly ring: Ring;
  readonly index: PositionIndex;
  /** complete quotes: the newest tick of each symbol with its latest info */
  readonly latestTicks: Map<string, Tick>;
  latestStatus(): SourceStatus | null;
  /** Starts from the bus's state; batches applied before this are held and replayed after it. */
  warm(state: BusState): void;
  apply(batch: BusMessage[], info: BatchInfo): void;
  /** Resolves true once offset >= target (another instance may be a few ms ahead), false after `ms`. */
  reached(target: number, ms: number): Promise<boolean>;
  close(): void;
}

export function createStream(opts: StreamOptions): Stream {
  const ring = createRing(opts.ringSize);
  const index = createPositionIndex(opts.indexSize);
  const latestTicks = new Map<string, Tick>();
  const latestInfo = new Map<string, QuoteInfo>();
  let status: SourceStatus | null = null;
  let epoch = '';
  let offset = 0;
  let ready = false;
  let held: [BusMessage[], BatchInfo][] = [];
  const waiters = new Set<{ target: number; done: (ok: boolean) => void }>();

  const restart = (newEpoch: string, lastOffset: number) => {
    epoch = newEpoch;
    offset = lastOffset;
    ring.clear();
    index.reset(lastOffset + 1);
  };

  const record = (message: BusMessage): Entry => {
    const entry = toEntry(message);
    const evicted = ring.push(entry);
    if (evicted) index.add(evicted);
    if (message.type === 'tick') {
      const { symbol } = message.tick;
      const prev = latestTicks.get(symbol);
      if (!prev || prev.time <= message.tick.time) latestTicks.set(symbol, withQuoteInfo(message.tick, latestInfo.get(symbol)));
    } else if (message.type === 'info') {
      const { symbol } = message.info;
      latestInfo.set(symbol, message.info);
      const prev = latestTicks.get(symbol);
      if (prev) latestTicks.set(symbol, withQuoteInfo(prev, message.info));
    } else if (message.type === 'status') {
      status = message.status;
    }
    offset = message.offset;
    return entry;
  };

  const apply = (batch: BusMessage[], info: BatchInfo) => {
    const first = batch[0];
    if (!first) return;
    if (!ready) {
      held.push([batch, info]);
      return;
    }
    if (first.epoch !== epoch) {
      opts.logger.warn({ from: epoch, to: first.epoch }, 'stream epoch changed: earlier positions are void');
      restart(first.epoch, first.offset - 1);
      opts.onDiscontinuity('the stream restarted (new epoch)');
    } else if (first.offset > offset + 1) {
      opts.logger.error({ expected: offset + 1, got: first.offset }, 'stream gap: messages were lost');
      restart(epoch, first.offset - 1);
      opts.onDiscontinuity('messages were lost between the bus and this server');
    }
    // Batches overlapping what was applied (warm-up) are trimmed, never applied twice.
    const fresh = first.offset > offset ? batch : batch.filter((m) => m.offset > offset);
    if (fresh.length === 0) return;
    const entries = fresh.map(record);
    for (const w of waiters) {
      if (offset >= w.target) {
        waiters.delete(w);
        w.done(true);
      }
    }
    opts.onEntries(entries, info);
  };

  return {
    get ready() {
      return ready;
    },
    epoch: () => epoch,
    offset: () => offset,
    ring,
    index,
    latestTicks,
    latestStatus: () => status,
    warm(state) {
      const tail = contiguousTail(state.messages, state.offset);
      restart(state.epoch, tail[0] ? tail[0].offset - 1 : state.offset);
      status = state.status;
      for (const m of tail) record(m);
      offset = state.offset;
      ready = true;
      const pending = held;
      held = [];
      for (const [batch, info] of pending) apply(batch, info);
    },
    apply,
    reached(target, ms) {
      if (offset >= target) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = {
          target,
          done: (ok: boolean) => {
            clearTimeout(timer);
            resolve(ok);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(false);
        }, ms);
        waiters.add(waiter);
      });
    },
    close() {
      for (const w of waiters) w.done(false);
      waiters.clear();
    },
  };
}

/** The newest run of messages with consecutive offsets ending at `last`. */
function contiguousTail(messages: BusMessage[], last: number): BusMessage[] {
  let start = messages.length;
  let expect = last;
  while (start > 0 && messages[start - 1]?.offset === expect) {
    start--;
    expect--;
  }
  return messages.slice(start);
}
