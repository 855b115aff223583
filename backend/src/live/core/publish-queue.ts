// Batches wait here until the bus has taken them, so a Redis outage delays live ticks instead of
// losing them: a failed publish stays at the head of the queue and is tried again (on a timer, and
// before anything published later), and every instance's clients get it, in order, once Redis
// answers. Each batch keeps one id across its tries, so a try whose reply was lost after Redis had
// appended it is not appended twice (see PublishOptions.id).
import { randomUUID } from 'node:crypto';
import type { Bus, MessageBody } from '../../bus/types.ts';
import type { Logger } from '../../logger.ts';

interface Pending {
  readonly id: string;
  readonly bodies: readonly MessageBody[];
}

export interface PublishQueue {
  /** Queues the batch and publishes everything queued, in order; rejects if the bus refused (the batch stays queued). */
  publish(bodies: readonly MessageBody[]): Promise<void>;
  /** Messages waiting for the bus. */
  size(): number;
  close(): void;
}

export interface PublishQueueOptions {
  bus: Bus;
  logger: Logger;
  /** Messages kept while the bus is down; past it the oldest batches are dropped (clients then reload history). */
  maxMessages: number;
  retryMs: number;
  onDepth?: (messages: number) => void;
  onDropped?: (messages: number) => void;
}

export function createPublishQueue(opts: PublishQueueOptions): PublishQueue {
  const { bus, logger } = opts;
  const queue: Pending[] = [];
  let messages = 0;
  let flushing: Promise<void> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failing = false;
  let closed = false;

  const depth = (delta: number) => {
    messages += delta;
    opts.onDepth?.(messages);
  };

  const flushAll = async () => {
    while (queue.length > 0 && !closed) {
      const head = queue[0] as Pending;
      await bus.publish(head.bodies, { id: head.id });
      // The head is still the head: only this loop removes from the front.
      queue.shift();
      depth(-head.bodies.length);
    }
  };

  const scheduleRetry = () => {
    if (retry || closed) return;
    retry = setTimeout(() => {
      retry = null;
      flush().catch(() => undefined);
    }, opts.retryMs);
    retry.unref();
  };

  /** One flush at a time: a batch queued meanwhile is picked up by the flush in progress. */
  const flush = (): Promise<void> =>
    (flushing ??= flushAll()
      .then(
        () => {
          if (failing) logger.info('live delivery: the bus accepts batches again; the queued ones are published');
          failing = false;
        },
        (err: unknown) => {
          if (!failing) logger.warn({ err, queued: messages }, 'live delivery: the bus refused a batch; it stays queued and is retried');
          failing = true;
          scheduleRetry();
          throw err;
        },
      )
      .finally(() => {
        flushing = null;
      }));

  const dropOldest = () => {
    let dropped = 0;
    // Never the head while a flush may be publishing it: its outcome is not known yet.
    const keepFrom = flushing ? 1 : 0;
    while (messages > opts.maxMessages && queue.length > keepFrom + 1) {
      const [gone] = queue.splice(keepFrom, 1) as [Pending];
      dropped += gone.bodies.length;
      depth(-gone.bodies.length);
    }
    if (dropped === 0) return;
    opts.onDropped?.(dropped);
    logger.warn({ dropped, queued: messages, max: opts.maxMessages }, 'live delivery: bus down too long; dropped the oldest queued messages');
  };

  return {
    async publish(bodies) {
      if (closed || bodies.length === 0) return;
      queue.push({ id: randomUUID(), bodies });
      depth(bodies.length);
      dropOldest();
      // A flush in progress publishes this batch too (after the ones before it), or fails before it.
      await flush();
    },
    size: () => messages,
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
