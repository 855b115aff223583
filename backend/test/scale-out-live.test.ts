// Two app instances in one process over the real Redis (the test publishes, no poller): relaying,
// resume across instances, warm start of a late instance, and what an epoch change does to clients.
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, type PublishedMessage } from '@tickstream/shared';
import { connect, settled, startLiveApp, tick, type LiveApp } from './live-helpers.ts';
import { TEST_REDIS_URL } from './support/services.ts';
import { deleteLiveStream, twoInstancesOverRedis } from './support/two-instances.ts';

describe.skipIf(!TEST_REDIS_URL)('live delivery across instances', () => {
  const apps = twoInstancesOverRedis();
  let time = 1_700_000_000;
  const publishOn = (app: LiveApp, ...symbols: string[]) => {
    time += 1;
    return app.app.live.publisher.publish({ ticks: symbols.map((s) => tick(s, time)), candles: [] });
  };

  it('relays what one instance publishes to clients of both, once each and in the same order', async () => {
    const onA = await connect(apps.a.wsUrl);
    const onB = await connect(apps.b.wsUrl);
    for (const c of [onA, onB]) {
      c.send({ type: 'subscribe', symbols: ['AAPL', 'MSFT'] });
      await c.next('snapshot');
    }
    expect((await onA.next('welcome')).epoch).toBe((await onB.next('welcome')).epoch);
    for (let i = 0; i < 5; i++) await publishOn(i % 2 ? apps.a : apps.b, 'AAPL', 'MSFT');
    await onA.next('tick', 3000, (m) => m.tick.time === time && m.tick.symbol === 'MSFT');
    await onB.next('tick', 3000, (m) => m.tick.time === time && m.tick.symbol === 'MSFT');
    expect(onB.published()).toEqual(onA.published());
    const offsets = onB.published().map((m) => m.offset);
    expect(offsets).toEqual(offsets.map((_, i) => (offsets[0] as number) + i));
    await Promise.all([onA.close(), onB.close()]);
  });

  it('resumes on another instance from a position given by the first one', async () => {
    const onA = await connect(apps.a.wsUrl);
    onA.send({ type: 'subscribe', symbols: ['AAPL'] });
    await onA.next('snapshot');
    await publishOn(apps.a, 'AAPL');
    const last = await onA.next('tick', 3000, (m) => m.tick.time === time);
    await onA.close();
    await publishOn(apps.a, 'AAPL', 'MSFT');
    await publishOn(apps.a, 'AAPL');

    const onB = await connect(apps.b.wsUrl);
    onB.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: onA.epoch(), offset: last.offset } });
    expect(await onB.next('resumed')).toMatchObject({ recovered: true, replayed: 2 });
    await onB.next('tick', 3000, (m) => m.tick.time === time);
    expect(onB.published().map((m) => (m.type === 'tick' ? m.tick.time : 0))).toEqual([time - 1, time]);
    await onB.close();
  });

  it('warms a late instance from the Redis stream so it can serve resumes for earlier positions', async () => {
    const onA = await connect(apps.a.wsUrl);
    onA.send({ type: 'subscribe', symbols: ['MSFT'] });
    await onA.next('snapshot');
    await publishOn(apps.a, 'MSFT');
    const last = await onA.next('tick', 3000, (m) => m.tick.time === time);
    await publishOn(apps.a, 'MSFT');
    await onA.next('tick', 3000, (m) => m.tick.time === time);

    const late = await startLiveApp(apps.env, { store: apps.store });
    try {
      const c = await connect(late.wsUrl);
      c.send({ type: 'subscribe', symbols: ['MSFT'], resume: { epoch: onA.epoch(), offset: last.offset } });
      expect(await c.next('resumed')).toMatchObject({ recovered: true, replayed: 1 });
      await settled(c);
      expect((c.published()[0] as PublishedMessage).offset).toBeGreaterThan(last.offset);
      await c.close();
    } finally {
      await late.close();
      await onA.close();
    }
  });

  it('closes clients with 1012 when the stream restarts in a new epoch, and they resume as not recovered', async () => {
    const onB = await connect(apps.b.wsUrl);
    onB.send({ type: 'subscribe', symbols: ['AAPL'] });
    await onB.next('snapshot');
    await publishOn(apps.a, 'AAPL');
    const last = await onB.next('tick', 3000, (m) => m.tick.time === time);

    await deleteLiveStream(TEST_REDIS_URL as string, apps.prefix);
    await publishOn(apps.a, 'AAPL');
    const closed = await onB.closed;
    expect(closed.code).toBe(CLOSE_CODES.streamRestarted);
    expect(closed.reason).toMatch(/new epoch.*reconnect and resume/);

    const again = await connect(apps.b.wsUrl);
    again.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: onB.epoch(), offset: last.offset } });
    const resumed = await again.next('resumed');
    expect(resumed.recovered).toBe(false);
    expect(resumed.epoch).not.toBe(onB.epoch());
    expect(resumed.offset).toBeGreaterThan(last.offset);
    await again.close();
  });
});
