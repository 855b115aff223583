import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { PublishedMessage } from '@tickstream/shared';
import type { Bus, MessageBody, PublishOptions } from '../../bus/types.ts';
import { createPublishQueue } from './publish-queue.ts';

/** Only the tick's time matters here: it tells the batches apart. */
const body = (n: number) => ({ type: 'tick', tick: { symbol: 'AAPL', time: n } }) as unknown as MessageBody;
const mark = (m: MessageBody) => (m.type === 'tick' ? m.tick.time : null);

/** A bus that refuses while `down`, and records every try (with its id) and every accepted batch. */
function fakeBus() {
  const tries: { id: string | undefined; marks: (number | null)[] }[] = [];
  const accepted: (number | null)[][] = [];
  const state = { down: false };
  const bus = {
    kind: 'memory',
    async publish(bodies: readonly MessageBody[], options?: PublishOptions) {
      tries.push({ id: options?.id, marks: bodies.map(mark) });
      if (state.down) throw new Error('bus unreachable');
      accepted.push(bodies.map(mark));
      return [] as PublishedMessage[];
    },
  } as unknown as Bus;
  return { bus, tries, accepted, state };
}

function setup(maxMessages = 100) {
  const fake = fakeBus();
  const dropped: number[] = [];
  const depth: number[] = [];
  const queue = createPublishQueue({
    bus: fake.bus,
    logger: pino({ level: 'silent' }),
    maxMessages,
    retryMs: 1_000,
    onDropped: (n) => dropped.push(n),
    onDepth: (n) => depth.push(n),
  });
  return { ...fake, queue, dropped, depth };
}

describe('publish queue', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('hands batches straight to the bus while it answers', async () => {
    const { queue, accepted } = setup();
    await queue.publish([body(1), body(2)]);
    await queue.publish([body(3)]);
    expect(accepted).toEqual([[1, 2], [3]]);
    expect(queue.size()).toBe(0);
  });

  it('keeps a refused batch and publishes it before later ones once the bus answers again', async () => {
    const { queue, accepted, state, depth } = setup();
    state.down = true;
    await expect(queue.publish([body(1)])).rejects.toThrow('bus unreachable');
    await expect(queue.publish([body(2)])).rejects.toThrow('bus unreachable');
    expect(queue.size()).toBe(2);
    state.down = false;
    await queue.publish([body(3)]);
    expect(accepted).toEqual([[1], [2], [3]]);
    expect(queue.size()).toBe(0);
    expect(depth.at(-1)).toBe(0);
  });

  it('retries on its own timer, so a queued batch goes out even when nothing new is published', async () => {
    const { queue, accepted, state } = setup();
    state.down = true;
    await expect(queue.publish([body(1)])).rejects.toThrow();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(accepted).toEqual([]);
    state.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(accepted).toEqual([[1]]);
  });

  it('sends every try of a batch with the same id, and a new id for the next batch', async () => {
    const { queue, tries, state } = setup();
    state.down = true;
    await expect(queue.publish([body(1)])).rejects.toThrow();
    await vi.advanceTimersByTimeAsync(1_000);
    state.down = false;
    await queue.publish([body(2)]);
    const ids = tries.map((t) => t.id);
    expect(tries.map((t) => t.marks)).toEqual([[1], [1], [1], [2]]);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(ids[3]).not.toBe(ids[0]);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it('drops the oldest queued batches past the limit, keeps the newest, and counts what it dropped', async () => {
    const { queue, accepted, state, dropped } = setup(3);
    state.down = true;
    for (let i = 1; i <= 4; i++) await expect(queue.publish([body(i * 10), body(i * 10 + 1)])).rejects.toThrow();
    expect(queue.size()).toBeLessThanOrEqual(3);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(6);
    state.down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(accepted).toEqual([[40, 41]]);
  });

  it('publishes nothing more once closed', async () => {
    const { queue, accepted, state } = setup();
    state.down = true;
    await expect(queue.publish([body(1)])).rejects.toThrow();
    queue.close();
    state.down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    await queue.publish([body(2)]);
    expect(accepted).toEqual([]);
  });
});
