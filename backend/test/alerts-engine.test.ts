// The engine on a real store (PGlite): an SMA alert is seeded from the stored 1m candles, fires on
// the crossing, stores the event once and publishes it; a firing of an alert edited meanwhile is dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { AlertEvent } from '@tickstream/shared';
import { createAlertEngine } from '../src/alerts/engine.ts';
import { openMemoryStore } from './support/memory-store.ts';
import type { DeliveryJob, Store } from '../src/store/types.ts';
import { makeTick } from './fixtures/factories.ts';
import { alertSettings } from './store-alerts-conformance.ts';
import { PGLITE_OPEN_MS } from './support/webhook-receiver.ts';
import { eventually } from './live-helpers.ts';

const MINUTE = Math.floor(Date.UTC(2025, 2, 4, 15, 0, 0) / 60_000) * 60;
let store: Store;
let nowMs = (MINUTE + 5) * 1000;

beforeAll(async () => {
  store = await openMemoryStore();
}, PGLITE_OPEN_MS);
afterAll(async () => {
  await store.close();
});

function engine() {
  const published: AlertEvent[] = [];
  const delivered: DeliveryJob[] = [];
  const e = createAlertEngine({
    store,
    logger: pino({ level: 'silent' }),
    now: () => nowMs,
    config: { alerts: { webhookUrl: 'http://127.0.0.1:9/default' } },
    publisher: { publishAlert: async (event) => void published.push(event) },
    deliverer: { deliver: async (job) => void delivered.push(job) },
    isLeader: () => true,
  });
  return { e, published, delivered };
}

describe('alert engine on a real store', () => {
  it('seeds an SMA from stored candles and fires when the price crosses it, stored once and published', async () => {
    const closes = [10, 11, 12];
    await store.candles.upsertMany(closes.map((close, i) => ({ symbol: 'SMAX', time: MINUTE - (3 - i) * 60, open: close, high: close, low: close, close, volume: 1 })));
    const alert = await store.alerts.create(alertSettings({ symbol: 'SMAX', condition: { type: 'sma_cross_above', period: 3, interval: '1m' } }), null);
    const { e, published, delivered } = engine();
    const at = (dt: number, price: number) => makeTick({ symbol: 'SMAX', time: MINUTE + dt, price });
    await e.onTicks([at(1, 10.2)]); // loads the alerts and starts reading the candles
    let dt = 2;
    await eventually(async () => {
      await e.onTicks([at(dt++, 10.4)]);
      return ((await store.alerts.get(alert.id))?.state?.armed ?? null) === true;
    }, 5000);
    nowMs += 1000;
    await e.onTicks([at(30, 11.5)]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ alertId: alert.id, price: 11.5, observed: 11, tickTime: MINUTE + 30, delivery: 'pending' });
    expect(delivered).toEqual([{ event: published[0], webhookUrl: 'http://127.0.0.1:9/default', webhookFormat: 'generic', attempts: 0 }]);
    expect((await store.alerts.get(alert.id))?.state).toMatchObject({ armed: false, done: true, fireCount: 1 });
    await e.stop();
  });

  it('reloads after invalidate and judges an edited alert afresh', async () => {
    const alert = await store.alerts.create(alertSettings({ symbol: 'EDIT', repeat: 'every' }), true);
    const { e, published } = engine();
    await e.onTicks([makeTick({ symbol: 'EDIT', time: MINUTE + 100, price: 200 })]);
    await store.alerts.update(alert.id, { condition: { type: 'price_above', value: 300 } }, { armed: null });
    e.invalidate();
    await e.onTicks([makeTick({ symbol: 'EDIT', time: MINUTE + 101, price: 250 })]);
    expect(published).toEqual([]);
    await e.onTicks([makeTick({ symbol: 'EDIT', time: MINUTE + 102, price: 301 })]);
    expect(published.map((p) => p.price)).toEqual([301]);
    await e.stop();
  });
});
