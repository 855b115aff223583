// Two app instances over one database and the real Redis: a watchlist changed through one reaches
// the live clients of the other (the `watchlists` message through the bus), and the other's
// followed symbols pick the change up at once (not only at its periodic re-read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { connect, startLiveApp, type LiveApp } from './live-helpers.ts';
import { TEST_REDIS_URL, testRedisPrefix } from './support/services.ts';

describe.skipIf(!TEST_REDIS_URL)('watchlists across instances', () => {
  const prefix = testRedisPrefix();
  let store: Store;
  let a: LiveApp;
  let b: LiveApp;
  const env = () => ({ REDIS_URL: TEST_REDIS_URL as string, REDIS_PREFIX: prefix, WATCHLIST: 'AAPL' });

  beforeAll(async () => {
    store = await openMemoryStore();
    a = await startLiveApp(env(), { store });
    b = await startLiveApp(env(), { store });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    const redis = new Redis(TEST_REDIS_URL as string);
    await redis.del(`${prefix}:live:meta`, `${prefix}:live:stream`);
    redis.disconnect();
    await store.close();
  });

  it("delivers a change made through one instance to the other's live clients, and the other follows its symbols", async () => {
    const onB = await connect(b.wsUrl);
    onB.send({ type: 'subscribe', symbols: ['AAPL'] });
    await onB.next('snapshot');

    const created = await fetch(`${a.httpUrl}/api/watchlists`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Shared', symbols: ['NFLX'] }),
    });
    expect(created.status).toBe(201);
    const list = (await created.json()) as { id: number };

    const message = await onB.next('watchlists', 5000, (m) => m.change.kind === 'upsert' && m.change.watchlist.id === list.id);
    expect(message.change).toMatchObject({ kind: 'upsert', watchlist: { name: 'Shared', symbols: ['NFLX'], source: 'user' } });
    await expect.poll(() => b.app.poller.symbols(), { timeout: 5000 }).toContain('NFLX');

    await fetch(`${a.httpUrl}/api/watchlists/${list.id}`, { method: 'DELETE' });
    await onB.next('watchlists', 5000, (m) => m.change.kind === 'delete' && m.change.id === list.id);
    await expect.poll(() => b.app.poller.symbols(), { timeout: 5000 }).not.toContain('NFLX');
    await onB.close();
  });
});
