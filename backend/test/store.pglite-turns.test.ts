// The embedded database (store/pglite-turns.ts) lets requests in between the statements of a big write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailyBar } from '@tickstream/shared';
import { ROWS_PER_STATEMENT } from '../src/store/db.ts';
import type { Store } from '../src/store/types.ts';
import { turnsDuring } from './support/turns.ts';
import { openMemoryStore } from './support/memory-store.ts';

const days = (n: number): DailyBar[] =>
  Array.from({ length: n }, (_, i) => {
    const day = new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return { symbol: 'TURN', day, open: 10, high: 11, low: 9, close: 10.5, adjclose: 10.5, volume: 1000 };
  });

describe('the embedded database', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openMemoryStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('lets the event loop take a turn before each statement of a large write, so requests do not wait for all of it', async () => {
    const statements = 6;
    const turns = await turnsDuring(() => store.dailyBars.upsertMany(days(statements * ROWS_PER_STATEMENT)));
    expect(turns).toBeGreaterThanOrEqual(statements);
  });

  it('writes 1m candles of a long backfill in statements of a few hundred rows, each after a turn', async () => {
    const start = Date.UTC(2024, 0, 2) / 1000;
    const candles = Array.from({ length: 3 * ROWS_PER_STATEMENT }, (_, i) => ({ symbol: 'TURN', time: start + i * 60, open: 1, high: 2, low: 0.5, close: 1.5, volume: 7 }));
    const turns = await turnsDuring(() => store.candles.upsertMany(candles));
    expect(turns).toBeGreaterThanOrEqual(3);
    const stored = await store.candles.history({ symbol: 'TURN', interval: '1m', from: start, to: start + candles.length * 60, limit: 10_000 });
    expect(stored).toHaveLength(candles.length);
  });
});
