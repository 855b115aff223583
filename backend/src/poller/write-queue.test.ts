import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { SymbolCandle, Tick } from '@tickstream/shared';
import { createMetrics } from '../metrics.ts';
import { createFakeStore } from '../../test/fixtures/fake-store.ts';
import { createWriteQueue, isStoreOutage } from './write-queue.ts';
import { AppError } from '../errors.ts';
import { makeCandle, makeTick } from '../../test/fixtures/factories.ts';

const tick = (symbol: string, time: number): Tick => makeTick({ symbol, time, price: 10 });
const candle = (symbol: string, time: number, close: number): SymbolCandle => makeCandle({ symbol, time, open: 10, high: Math.max(10, close), low: Math.min(10, close), close, volume: 1 });

function setup(max = 100) {
  const store = createFakeStore();
  const metrics = createMetrics();
  const queue = createWriteQueue({ store, metrics, logger: pino({ level: 'silent' }), max, now: Date.now });
  return { store, metrics, queue };
}

describe('write queue', () => {
  it('writes straight through while the store answers and reports what was new', async () => {
    const { queue } = setup();
    const first = await queue.write([tick('A', 1)], [candle('A', 0, 11)]);
    expect(first).toMatchObject({ stored: true, newTicks: [tick('A', 1)], changedCandles: [candle('A', 0, 11)] });
    const again = await queue.write([tick('A', 1)], [candle('A', 0, 11)]);
    expect(again).toMatchObject({ stored: true, newTicks: [], changedCandles: [] });
  });

  it('queues rows during an outage, keeps the latest revision of a candle, and flushes when back', async () => {
    const { store, queue, metrics } = setup();
    store.setDown(true);
    expect((await queue.write([tick('A', 1)], [candle('A', 0, 11)])).stored).toBe(false);
    expect((await queue.write([tick('A', 2)], [candle('A', 0, 12)])).stored).toBe(false);
    expect(queue.size()).toBe(3);
    expect(queue.error()?.code).toBe('STORE_UNAVAILABLE');
    expect((await metrics.writeQueueDepth.get()).values[0]?.value).toBe(3);
    store.setDown(false);
    expect(await queue.flush()).toBe(true);
    expect(queue.size()).toBe(0);
    expect(queue.error()).toBeNull();
    expect(store.candlesOf('A')).toEqual([candle('A', 0, 12)]);
    expect(store.tickRows.size).toBe(2);
  });

  it('queues behind waiting rows even once the store is back, so order is kept', async () => {
    const { store, queue } = setup();
    store.setDown(true);
    await queue.write([], [candle('A', 0, 11)]);
    store.setDown(false);
    expect((await queue.write([], [candle('A', 0, 12)])).stored).toBe(false);
    expect(store.candlesOf('A')).toEqual([candle('A', 0, 12)]);
    expect(queue.size()).toBe(0);
  });

  it('drops the oldest rows beyond WRITE_QUEUE_MAX and counts them', async () => {
    const { store, queue, metrics } = setup(5);
    store.setDown(true);
    await queue.write([1, 2, 3, 4].map((t) => tick('A', t)), []);
    await queue.write([5, 6, 7].map((t) => tick('A', t)), []);
    expect(queue.size()).toBe(5);
    expect(queue.droppedTotal()).toBe(2);
    expect((await metrics.writeQueueDropped.get()).values[0]?.value).toBe(2);
    store.setDown(false);
    await queue.flush();
    expect([...store.tickRows.values()].map((t) => t.time)).toEqual([3, 4, 5, 6, 7]);
  });

  it('tells an unreachable store from rows the store rejects', () => {
    expect(isStoreOutage(new AppError('STORE_UNAVAILABLE', 'down'))).toBe(true);
    expect(isStoreOutage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isStoreOutage(new AppError('STORE_CONSTRAINT', 'bad row'))).toBe(false);
    expect(isStoreOutage(new AppError('VALIDATION', 'bad row'))).toBe(false);
  });
});
