// Daily bars and their weekly/monthly roll-ups in the store, on every driver: embedded PGlite, the
// PostgreSQL server and TimescaleDB (where daily_bars is a hypertable): the same migration and SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DailyBar, Store } from '../src/store/types.ts';
import { STORE_DRIVERS, type OpenedStore } from './support/store-drivers.ts';

const DAY = 86_400;
const utc = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

/** Weekdays from Monday 2024-01-01 to Friday 2024-03-29; close rises 1 a day; a 0.5 dividend on 2024-02-09. */
function weekdays(symbol: string): DailyBar[] {
  const out: DailyBar[] = [];
  for (let t = utc('2024-01-01'); t <= utc('2024-03-29'); t += DAY) {
    const dow = new Date(t * 1000).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const close = 100 + out.length;
    // Before the ex-day prices are scaled by (1 - 0.5 / 127) in adjclose, from it on by 1.
    const adj = t < utc('2024-02-09') ? 1 - 0.5 / 127 : 1;
    out.push({ symbol, day: iso(t), open: close - 0.5, high: close + 1, low: close - 1, close, adjclose: close * adj, volume: 1000, dividend: t === utc('2024-02-09') ? 0.5 : null });
  }
  return out;
}

describe.each(STORE_DRIVERS)('daily bars on $name', ({ open }) => {
  if (!open) {
    it.skip('needs its server URL');
    return;
  }
  let opened: OpenedStore;
  let store: Store;
  const bars = weekdays('DLY');
  const q = { symbol: 'DLY', from: utc('2024-01-01'), to: utc('2024-03-31'), limit: 1000, adjust: 'split' as const };
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    expect(await store.dailyBars.upsertMany(bars)).toBe(bars.length);
  });
  afterAll(async () => {
    await store?.close();
    await opened?.drop();
  });

  it('stores each trading day once: a repeated refresh writes only what changed', async () => {
    expect(await store.dailyBars.upsertMany(bars)).toBe(0);
    expect(await store.dailyBars.upsertMany([{ ...bars[3]!, volume: 2000 }, bars[4]!])).toBe(1);
    await store.dailyBars.upsertMany([bars[3]!]);
    expect(await store.dailyBars.newestDay('DLY')).toBe('2024-03-29');
    expect(await store.dailyBars.newestDay('NONE')).toBeNull();
  });

  it('reads days at UTC midnight within the window, the newest `limit` when more match', async () => {
    const days = await store.dailyBars.history({ ...q, interval: '1d' });
    expect(days).toHaveLength(bars.length);
    expect(days[0]).toEqual({ time: utc('2024-01-01'), open: 99.5, high: 101, low: 99, close: 100, volume: 1000 });
    const lastTwo = await store.dailyBars.history({ ...q, interval: '1d', limit: 2 });
    expect(lastTwo.map((c) => iso(c.time))).toEqual(['2024-03-28', '2024-03-29']);
    // A window starting inside a day begins with the next day.
    const inner = await store.dailyBars.history({ ...q, interval: '1d', from: utc('2024-01-02') + 1, to: utc('2024-01-04') });
    expect(inner.map((c) => iso(c.time))).toEqual(['2024-01-03', '2024-01-04']);
  });

  it('rolls days up into weeks starting on Monday and months starting on the 1st', async () => {
    const weeks = await store.dailyBars.history({ ...q, interval: '1wk' });
    expect(weeks).toHaveLength(13);
    expect(weeks[1]).toEqual({ time: utc('2024-01-08'), open: 104.5, high: 110, low: 104, close: 109, volume: 5000 });
    const months = await store.dailyBars.history({ ...q, interval: '1mo' });
    expect(months.map((c) => iso(c.time))).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    // February 2024: 21 weekdays after January's 23, closes 123..143.
    expect(months[1]).toEqual({ time: utc('2024-02-01'), open: 122.5, high: 144, low: 122, close: 143, volume: 21_000 });
    // A bucket counts when its start lies in the window: March's is the only month starting after Feb 1.
    expect((await store.dailyBars.history({ ...q, interval: '1mo', from: utc('2024-02-01') + 1 })).map((c) => iso(c.time))).toEqual(['2024-03-01']);
  });

  it('scales prices by adjclose / close when dividends are asked to adjust them too', async () => {
    const [raw] = await store.dailyBars.history({ ...q, interval: '1d', to: utc('2024-01-01') });
    const [adj] = await store.dailyBars.history({ ...q, interval: '1d', to: utc('2024-01-01'), adjust: 'split-dividend' });
    const f = 1 - 0.5 / 127;
    expect(adj!.close).toBeCloseTo(raw!.close * f, 9);
    expect(adj!.high).toBeCloseTo(raw!.high * f, 9);
    expect(adj!.volume).toBe(raw!.volume);
    const [afterEx] = await store.dailyBars.history({ ...q, interval: '1d', from: utc('2024-02-09'), to: utc('2024-02-09'), adjust: 'split-dividend' });
    expect(afterEx!.close).toBe(129);
  });

  it('refuses bars the CHECKs forbid: NaN or Infinity prices, high below low', async () => {
    const good = bars[0]!;
    for (const bad of [{ close: Number.NaN }, { adjclose: Number.POSITIVE_INFINITY }, { high: 90 }, { volume: -1 }]) {
      await expect(store.dailyBars.upsertMany([{ ...good, symbol: 'BAD', ...bad }])).rejects.toMatchObject({ name: expect.stringMatching(/Store/) });
    }
  });

  it('records when a symbol was synced with its exchange clock', async () => {
    await store.dailyBars.recordSync('DLY', { syncedAt: utc('2024-03-30'), timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '1980-12-12' });
    await store.dailyBars.recordSync('BTC-USD', { syncedAt: utc('2024-03-30'), timezone: 'UTC', sessionOpen: 0, firstTradeDay: null });
    const syncs = await store.dailyBars.syncs(['DLY', 'BTC-USD', 'NONE']);
    expect(syncs.get('DLY')).toEqual({ syncedAt: utc('2024-03-30'), timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '1980-12-12' });
    expect(syncs.get('BTC-USD')?.timezone).toBe('UTC');
    expect(syncs.has('NONE')).toBe(false);
  });
});
