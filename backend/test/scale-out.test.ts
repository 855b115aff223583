// Two real instances (separate processes running backend/src/main.ts) sharing PostgreSQL and Redis:
// the polling one is killed, the other takes over, and clients see every message exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedMessage } from '@tickstream/shared';
import { connect, eventually, type TestClient } from './live-helpers.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/services.ts';
import { instanceCluster } from './support/instance.ts';

const SYMBOLS = ['AAPL', 'MSFT'];

const ticksOf = (c: TestClient) => c.published().filter((m) => m.type === 'tick');
const offsets = (ms: PublishedMessage[]) => ms.map((m) => m.offset);
const contiguous = (os: number[]) => os.every((o, i) => i === 0 || o === (os[i - 1] as number) + 1);

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('scale-out over Redis', () => {
  let cluster: Awaited<ReturnType<typeof instanceCluster>>;

  beforeAll(async () => {
    cluster = await instanceCluster(TEST_DATABASE_URL as string, TEST_REDIS_URL as string, { WATCHLIST: SYMBOLS.join(',') });
  });

  afterAll(async () => {
    await cluster?.teardown();
  });

  it('keeps every client receiving, exactly once and in order, when the polling instance dies', async () => {
    const a = await cluster.start();
    await eventually(() => a.leader(), 15_000);
    const b = await cluster.start();
    expect(await b.leader()).toBe(false);

    const onA = await connect(a.wsUrl);
    const onB = await connect(b.wsUrl);
    for (const c of [onA, onB]) c.send({ type: 'subscribe', symbols: SYMBOLS });
    await eventually(() => ticksOf(onB).length >= 4 && ticksOf(onA).length >= 4, 15_000);

    // Crash, not shutdown: the lock's database session and the sockets just vanish.
    a.proc.kill('SIGKILL');
    await onA.closed;
    const seenBeforeTakeover = ticksOf(onB).length;
    await eventually(() => b.leader(), 15_000);
    await eventually(() => ticksOf(onB).length >= seenBeforeTakeover + 4, 15_000);

    // The client of the dead instance resumes on the survivor from where it was.
    const last = onA.published().at(-1) as PublishedMessage;
    const moved = await connect(b.wsUrl);
    moved.send({ type: 'subscribe', symbols: SYMBOLS, resume: { epoch: onA.epoch(), offset: last.offset } });
    expect((await moved.next('resumed', 5000)).recovered).toBe(true);
    const target = ticksOf(onB).length + 2;
    await eventually(() => ticksOf(onB).length >= target, 15_000);
    const end = (onB.published().at(-1) as PublishedMessage).offset;
    await eventually(() => (moved.published().at(-1)?.offset ?? 0) >= end, 5_000);

    // The survivor's client: one connection in one epoch, no gap, no repeat, each (symbol, time) tick once.
    const bSeen = onB.published();
    expect(onB.received.filter((r) => r.message.type === 'welcome')).toHaveLength(1);
    expect(contiguous(offsets(bSeen))).toBe(true);
    const keys = ticksOf(onB).map((m) => (m.type === 'tick' ? `${m.tick.symbol}@${m.tick.time}` : ''));
    expect(new Set(keys).size).toBe(keys.length);

    // The moved client: its two connections together are the same stream, nothing missing or doubled.
    const joined = [...onA.published(), ...moved.published()].filter((m) => m.offset <= end);
    expect(contiguous(offsets(joined))).toBe(true);
    expect(offsets(joined).at(-1)).toBe(end);
    const fromB = bSeen.filter((m) => m.offset > last.offset && m.offset <= end);
    expect(moved.published().filter((m) => m.offset <= end)).toEqual(fromB);

    await Promise.all([onB.close(), moved.close()]);
  }, 90_000);
});
