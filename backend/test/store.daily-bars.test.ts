// Long history in the store, on every driver: embedded PGlite, the PostgreSQL server and TimescaleDB
// (where daily_bars is a hypertable): daily bars and their weekly/monthly roll-ups, and 1h/1d bars
// built from 1m candles on the exchange's clock (session open, local trading dates) across DST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SymbolCandle } from '@tickstream/shared';
import type { DailyBar, SessionClock, Store } from '../src/store/types.ts';
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

/** `count` one-minute bars from `start` (unix s), price rising a cent a minute. */
function minutes(symbol: string, start: number, count: number): SymbolCandle[] {
  return Array.from({ length: count }, (_, i) => {
    const p = 100 + i / 100;
    return { symbol, time: start + i * 60, open: p, high: p + 0.005, low: p - 0.005, close: p, volume: 10 };
  });
}
const utcAt = (isoTime: string) => Date.parse(isoTime) / 1000;

describe.each(STORE_DRIVERS)('bars on the exchange clock on $name', ({ open }) => {
  if (!open) {
    it.skip('needs its server URL');
    return;
  }
  let opened: OpenedStore;
  let store: Store;
  const read = (symbol: string, interval: '1h' | '1d', session: SessionClock | undefined, from: string, to: string) =>
    store.candles.history({ symbol, interval, from: utcAt(from), to: utcAt(to), limit: 100, ...(session ? { session } : {}) }).then((bars) => bars.map((b) => new Date(b.time * 1000).toISOString().slice(0, 16)));
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    await store.candles.upsertMany([
      // New York: Friday before the March 2024 DST change (EST, open 14:30 UTC) and the Monday after (EDT, 13:30 UTC).
      ...minutes('US', utcAt('2024-03-08T14:30:00Z'), 390),
      ...minutes('US', utcAt('2024-03-11T13:30:00Z'), 390),
      // Berlin 09:00-17:30: before the European change (CET, 08:00 UTC) and after it (CEST, 07:00 UTC).
      ...minutes('DE', utcAt('2024-03-29T08:00:00Z'), 510),
      ...minutes('DE', utcAt('2024-04-02T07:00:00Z'), 510),
      // Crypto across the US change: UTC days and hours regardless.
      ...minutes('BTC-USD', utcAt('2024-03-09T22:00:00Z'), 600),
    ]);
    // As a backfill does: on TimescaleDB, history written below the aggregates' watermark shows in
    // them once settled. Without it these reads raced the server's own refresh policies in the new
    // database: once one had run, the 2024 bars were below its watermark and the reads found none.
    await store.candles.settle({ from: utcAt('2024-03-08T00:00:00Z'), to: utcAt('2024-04-03T00:00:00Z') });
  });
  afterAll(async () => {
    await store?.close();
    await opened?.drop();
  });

  it('starts a US equity’s hourly bars at 09:30 New York on both sides of a DST change', async () => {
    const ny = { timezone: 'America/New_York', sessionOpen: 570 };
    const hours = await read('US', '1h', ny, '2024-03-08T00:00:00Z', '2024-03-12T00:00:00Z');
    expect(hours).toEqual([
      ...['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30'].map((h) => `2024-03-08T${h}`),
      ...['13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30'].map((h) => `2024-03-11T${h}`),
    ]);
    expect(await read('US', '1d', ny, '2024-03-01T00:00:00Z', '2024-03-31T00:00:00Z')).toEqual(['2024-03-08T00:00', '2024-03-11T00:00']);
    // Without the exchange clock: UTC hours (what the chart drew before).
    expect((await read('US', '1h', undefined, '2024-03-08T00:00:00Z', '2024-03-09T00:00:00Z'))[0]).toBe('2024-03-08T14:00');
  });

  it('starts a European equity’s hours at 09:00 Berlin, CET and CEST, and keeps its trading dates', async () => {
    const berlin = { timezone: 'Europe/Berlin', sessionOpen: 540 };
    const hours = await read('DE', '1h', berlin, '2024-03-29T00:00:00Z', '2024-04-03T00:00:00Z');
    expect(hours.filter((h) => h.startsWith('2024-03-29'))[0]).toBe('2024-03-29T08:00');
    expect(hours.filter((h) => h.startsWith('2024-04-02'))[0]).toBe('2024-04-02T07:00');
    expect(hours).toHaveLength(18);
    expect(await read('DE', '1d', berlin, '2024-03-01T00:00:00Z', '2024-04-30T00:00:00Z')).toEqual(['2024-03-29T00:00', '2024-04-02T00:00']);
  });

  it('keeps a crypto pair on UTC hours and days across the change', async () => {
    const utcClock = { timezone: 'UTC', sessionOpen: 0 };
    const hours = await read('BTC-USD', '1h', utcClock, '2024-03-09T00:00:00Z', '2024-03-11T00:00:00Z');
    expect(hours).toEqual(Array.from({ length: 10 }, (_, i) => new Date((utcAt('2024-03-09T22:00:00Z') + i * 3600) * 1000).toISOString().slice(0, 16)));
    expect(await read('BTC-USD', '1d', utcClock, '2024-03-01T00:00:00Z', '2024-03-31T00:00:00Z')).toEqual(['2024-03-09T00:00', '2024-03-10T00:00']);
  });
});
