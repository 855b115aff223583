// The Redis bus against the machine's real Redis: shared positions, one order, warm start, new epochs.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createRedisBus } from '../src/bus/redis.ts';
import type { Bus, BusMessage, MessageBody } from '../src/bus/types.ts';
import { createPublishQueue } from '../src/live/core/publish-queue.ts';
import { proxyUrl } from './fixtures/tcp-proxy.ts';
import { status, tick } from './live-helpers.ts';
import { TEST_REDIS_URL, testRedisPrefix } from './support/services.ts';

const logger = pino({ level: 'silent' });
const bodies = (n: number, from = 0): MessageBody[] => Array.from({ length: n }, (_, i) => ({ type: 'tick', tick: tick('AAPL', 1_700_000_000 + from + i) }));

function record(bus: Bus): BusMessage[] {
  const seen: BusMessage[] = [];
  bus.subscribe((batch) => seen.push(...batch));
  return seen;
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(!TEST_REDIS_URL)('Redis bus', () => {
  const url = TEST_REDIS_URL as string;
  const open: Bus[] = [];
  const prefixes = new Set<string>();
  const admin = new Redis(url);
  const bus = async (prefix: string, via = url) => {
    const b = await createRedisBus({ url: via, prefix }, logger);
    open.push(b);
    prefixes.add(prefix);
    return b;
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
    for (const p of prefixes) await admin.del(`${p}:live:meta`, `${p}:live:stream`);
    prefixes.clear();
  });
  afterAll(async () => {
    admin.disconnect();
  });

  it('gives concurrent publishers from two instances consecutive offsets in one epoch, seen in the same order by both', async () => {
    const prefix = testRedisPrefix();
    const a = await bus(prefix);
    const b = await bus(prefix);
    const seenA = record(a);
    const seenB = record(b);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).publish(bodies(3, i * 3))));
    await until(() => seenA.length === 60 && seenB.length === 60);

    expect(seenA).toEqual(seenB);
    const offsets = seenA.map((m) => m.offset);
    const first = offsets[0] as number;
    expect(offsets).toEqual(offsets.map((_, i) => first + i));
    expect(new Set(seenA.map((m) => m.epoch)).size).toBe(1);
  });

  it('resolves publish with the positioned batch the listeners receive', async () => {
    const a = await bus(testRedisPrefix());
    const seen = record(a);
    const positioned = await a.publish(bodies(2));
    await until(() => seen.length === 2);
    expect(seen).toEqual(positioned);
    expect(positioned[0]).toMatchObject({ type: 'tick', epoch: expect.any(String) as string, offset: expect.any(Number) as number });
  });

  it('lets a starting instance read the position, the newest messages and the latest status', async () => {
    const prefix = testRedisPrefix();
    const a = await bus(prefix);
    await a.publish(bodies(5));
    await a.publish([{ type: 'status', status: status('degraded') }]);
    const last = await a.publish(bodies(5, 5));

    const b = await bus(prefix);
    const state = await b.state(4);
    expect(state.offset).toBe(last[4]?.offset);
    expect(state.epoch).toBe(last[0]?.epoch);
    expect(state.messages.map((m) => m.offset)).toEqual(last.slice(1).map((m) => m.offset));
    expect(state.status?.state).toBe('degraded');
  });

  it('starts a new epoch with higher offsets when the keys are lost, and keeps delivering', async () => {
    const prefix = testRedisPrefix();
    const a = await bus(prefix);
    const seen = record(a);
    const before = await a.publish(bodies(3));
    await until(() => seen.length === 3); // read before the stream goes, or it goes unread
    await admin.del(`${prefix}:live:meta`, `${prefix}:live:stream`);
    const after = await a.publish(bodies(3, 3));
    // A read blocked on the deleted stream may only see the new one when its block times out (5 s).
    await until(() => seen.length === 6, 10_000);

    expect(after[0]?.epoch).not.toBe(before[0]?.epoch);
    expect(after[0]?.offset).toBeGreaterThan(before[2]?.offset as number);
    expect(seen.slice(3)).toEqual(after);
  });

  it('appends a batch retried with the same id once, and answers the first try with its positions', async () => {
    const a = await bus(testRedisPrefix());
    const seen = record(a);
    const first = await a.publish(bodies(2), { id: 'batch-1' });
    const retried = await a.publish(bodies(2), { id: 'batch-1' });
    const next = await a.publish(bodies(1, 2), { id: 'batch-2' });
    await until(() => seen.length === 3);

    expect(retried).toEqual(first);
    expect(seen).toEqual([...first, ...next]);
    expect(next[0]?.offset).toBe((first[1]?.offset as number) + 1);
  });

  it('gets batches published while Redis was unreachable to every instance once it is back: in order, once, no gaps', async () => {
    const { proxy, url: proxied } = await proxyUrl(url, 6379);
    try {
      const prefix = testRedisPrefix();
      const publisher = await bus(prefix, proxied);
      const other = await bus(prefix);
      const seen = record(other);
      const outbox = createPublishQueue({ bus: publisher, logger, maxMessages: 1_000, retryMs: 100 });

      await outbox.publish(bodies(2));
      await proxy.cut();
      await expect(outbox.publish(bodies(2, 2))).rejects.toThrow();
      await expect(outbox.publish(bodies(2, 4))).rejects.toThrow();
      expect(outbox.size()).toBe(4);
      await proxy.restore();
      await until(() => seen.length >= 6, 10_000);
      await outbox.publish(bodies(2, 6));
      await until(() => seen.length >= 8);
      outbox.close();

      expect(seen.map((m) => (m.type === 'tick' ? m.tick.time - 1_700_000_000 : -1))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const offsets = seen.map((m) => m.offset);
      expect(offsets).toEqual(offsets.map((_, i) => (offsets[0] as number) + i));
    } finally {
      await proxy.close();
    }
  });

  it('closes within seconds when Redis has gone away, instead of waiting for it to come back', async () => {
    const { proxy, url: proxied } = await proxyUrl(url, 6379);
    const gone = await createRedisBus({ url: proxied, prefix: testRedisPrefix() }, logger);
    await proxy.close();
    await new Promise((r) => setTimeout(r, 200)); // both connections notice and start reconnecting
    const started = Date.now();
    await gone.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses to start with a clear error when Redis is unreachable', async () => {
    await expect(createRedisBus({ url: 'redis://127.0.0.1:1', prefix: testRedisPrefix() }, logger)).rejects.toThrow(/Cannot connect to Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
