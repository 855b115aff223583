// Only one poller per database: two instances share a lock server (the fake database's
// advisory locks); the standby takes over within two poll intervals when the leader goes.
import { describe, expect, it, vi } from 'vitest';
import { createFakeStore, createLockServer } from './fixtures/fake-store.ts';
import { pollerHarness, useFakeClock, stopAll } from './fixtures/poller-harness.ts';

const INTERVAL = 10_000;

useFakeClock(Date.UTC(2025, 2, 4, 15, 0, 30));

function twoInstances() {
  const server = createLockServer();
  const storeA = createFakeStore('a', server);
  const storeB = createFakeStore('b', server);
  const a = pollerHarness({ store: storeA, env: { WATCHLIST: 'AAPL' } });
  const b = pollerHarness({ store: storeB, env: { WATCHLIST: 'AAPL' } });
  return { server, storeA, storeB, a, b };
}

describe('poller leadership', () => {
  it('lets only the lock holder poll', async () => {
    const { a, b, server } = twoInstances();
    a.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    b.poller.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect([a.poller.isLeader(), b.poller.isLeader()]).toEqual([true, false]);
    expect(server.holder('poller')).toBe('a');
    expect(a.publishedTicks().length).toBe(4);
    expect(b.published).toEqual([]);
    expect(b.lines.some((l) => l.msg.includes('standing by'))).toBe(true);
    await stopAll(a.poller, b.poller);
  });

  it('hands over within two intervals when the leader stops', async () => {
    const { a, b, server } = twoInstances();
    a.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    b.poller.start();
    await vi.advanceTimersByTimeAsync(INTERVAL / 2);
    await stopAll(a.poller);
    const stoppedAt = Date.now();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(b.poller.isLeader()).toBe(true);
    expect(server.holder('poller')).toBe('b');
    const firstTakeoverTick = Math.min(...b.publishedTicks().map((t) => t.time * 1000));
    expect(firstTakeoverTick - stoppedAt).toBeLessThanOrEqual(2 * INTERVAL);
    await stopAll(b.poller);
  });

  it('takes over when the leader crashes (its database session dies) and the old leader steps down once it sees that', async () => {
    const { a, b, storeA, server } = twoInstances();
    a.poller.start();
    await vi.advanceTimersByTimeAsync(0);
    b.poller.start();
    await vi.advanceTimersByTimeAsync(INTERVAL / 2);
    // a's connection to the database dies: its lock is freed and it cannot reach the store
    storeA.setDown(true);
    const diedAt = Date.now();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(b.poller.isLeader()).toBe(true);
    expect(server.holder('poller')).toBe('b');
    expect(Math.min(...b.publishedTicks().map((t) => t.time * 1000)) - diedAt).toBeLessThanOrEqual(2 * INTERVAL);
    // a kept delivering live data while it could not reach the store...
    expect(a.poller.isLeader()).toBe(true);
    // ...and steps down as soon as the store answers and shows b holding the lock
    storeA.setDown(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(a.poller.isLeader()).toBe(false);
    expect(a.lines.some((l) => l.msg.includes('stepping down'))).toBe(true);
    await stopAll(a.poller, b.poller);
  });
});
