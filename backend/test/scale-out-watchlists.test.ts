// Two app instances over one database and the real Redis: a watchlist changed through one reaches
// the live clients of the other (the `watchlists` message through the bus), and the other's
// followed symbols pick the change up at once (not only at its periodic re-read).
import { describe, expect, it } from 'vitest';
import { connect } from './live-helpers.ts';
import { TEST_REDIS_URL } from './support/services.ts';
import { twoInstancesOverRedis } from './support/two-instances.ts';

describe.skipIf(!TEST_REDIS_URL)('watchlists across instances', () => {
  const apps = twoInstancesOverRedis({ WATCHLIST: 'AAPL' });

  it("delivers a change made through one instance to the other's live clients, and the other follows its symbols", async () => {
    const onB = await connect(apps.b.wsUrl);
    onB.send({ type: 'subscribe', symbols: ['AAPL'] });
    await onB.next('snapshot');

    const created = await fetch(`${apps.a.httpUrl}/api/watchlists`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Shared', symbols: ['NFLX'] }),
    });
    expect(created.status).toBe(201);
    const list = (await created.json()) as { id: number };

    const message = await onB.next('watchlists', 5000, (m) => m.change.kind === 'upsert' && m.change.watchlist.id === list.id);
    expect(message.change).toMatchObject({ kind: 'upsert', watchlist: { name: 'Shared', symbols: ['NFLX'], source: 'user' } });
    await expect.poll(() => apps.b.app.poller.symbols(), { timeout: 5000 }).toContain('NFLX');

    await fetch(`${apps.a.httpUrl}/api/watchlists/${list.id}`, { method: 'DELETE' });
    await onB.next('watchlists', 5000, (m) => m.change.kind === 'delete' && m.change.id === list.id);
    await expect.poll(() => apps.b.app.poller.symbols(), { timeout: 5000 }).not.toContain('NFLX');
    await onB.close();
  });
});
