// In-process bus: one instance, positions from a local counter, delivery in the caller's tick.
import type { SourceStatus } from '@tickstream/shared';
import type { Logger } from '../logger.ts';
import { epochBaseOffset, newEpochId } from './epoch.ts';
import { positionBatch } from './position.ts';
import type { BatchInfo, Bus, BusMessage, BusState, MessageBody } from './types.ts';

type Listener = (batch: BusMessage[], info: BatchInfo) => void;

export function createInProcessBus(logger: Logger, now: () => number = Date.now): Bus {
  const startMs = now();
  // A new process has lost whatever an earlier one published, so every start is a new epoch.
  const epoch = newEpochId(startMs);
  let offset = epochBaseOffset(startMs);
  let status: SourceStatus | null = null;
  const listeners = new Set<Listener>();

  return {
    kind: 'memory',
    async publish(bodies: readonly MessageBody[]) {
      if (bodies.length === 0) return [];
      const batch = positionBatch(bodies, epoch, offset + 1);
      offset += batch.length;
      for (const m of batch) if (m.type === 'status') status = m.status;
      const info: BatchInfo = { publishedAt: now() };
      for (const listener of [...listeners]) {
        try {
          listener(batch, info);
        } catch (err) {
          logger.error({ err }, 'bus listener failed');
        }
      }
      return batch;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async state(): Promise<BusState> {
      // The memory bus keeps no history: live delivery's own ring buffer is the only one.
      return { epoch, offset, messages: [], status };
    },
    async close() {
      listeners.clear();
    },
  };
}
