// One behaviour suite every Store driver must pass (PGlite, PGlite+TimescaleDB, PostgreSQL server).
// Each test uses its own symbols, so the suite shares one store and needs no cleanup between tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SymbolCandle, Tick } from '@tickstream/shared';
import type { Store } from '../src/store/types.ts';
import { StoreError } from '../src/store/errors.ts';
import { makeTick } from './fixtures/factories.ts';
import { alertStoreCases } from './store-alerts-conformance.ts';

/** 2024-05-06 (a Monday) 13:30 UTC: the US open. */
export const MONDAY_OPEN = Date.UTC(2024, 4, 6, 13, 30) / 1000;

export function tick(symbol: string, time: number, price: number, extra: Partial<Tick> = {}): Tick {
  // Every optional field set, so the suite proves each one round-trips through the store.
  return makeTick({ symbol, time, price, change: 1.25, changePercent: 0.66, previousClose: price * 0.99, dayHigh: price * 1.02, dayLow: price * 0.98, dayVolume: 123_456, ...extra });
}

export function bar(symbol: string, time: number, open: number, close = open, volume = 100): SymbolCandle {
  return { symbol, time, open, high: Math.max(open, close) + 0.5, low: Math.min(open, close) - 0.5, close, volume };
}

/** Deterministic 1m bars: `minutes` bars per day from 13:30 UTC, on each of `days` consecutive days. */
export function sessionBars(symbol: string, firstDayOpen: number, days: number, minutes: number, seed = 1): SymbolCandle[] {
  const out: SymbolCandle[] = [];
  let price = 100 + seed;
  for (let d = 0; d < days; d++) {
    for (let m = 0; m < minutes; m++) {
      const step = ((m * 7 + d * 13 + seed * 5) % 11) - 5; // -5..5 cents, repeatable
      const open = Math.round(price * 100) / 100;
      const close = Math.round((price + step / 100) * 100) / 100;
      const wobble = ((m + seed) % 3) / 10;
      out.push({
        symbol,
        time: firstDayOpen + d * 86_400 + m * 60,
        open,
        high: Math.max(open, close) + wobble,
        low: Math.min(open, close) - wobble - 0.01,
        close,
        volume: 1000 + ((m * 37 + d * 101) % 500),
      });
      price = close;
    }
  }
  return out;
}

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p;
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return (err as StoreError).code;
  }
};

export function describeStoreConformance(label: string, open: () => Promise<Store>): void {
  describe(`Store conformance: ${label}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('inserts ticks idempotently and resolves to only the new ones', async () => {
      const a = tick('TIA', MONDAY_OPEN, 10);
      const b = tick('TIA', MONDAY_OPEN + 60, 11);
      expect(await store.ticks.insertMany([a, b])).toEqual([a, b]);
      const again = await store.ticks.insertMany([{ ...a, price: 99 }, b, tick('TIA', MONDAY_OPEN + 120, 12)]);
      expect(again.map((t) => t.time)).toEqual([MONDAY_OPEN + 120]);
      expect((await store.ticks.latest(['TIA']))[0]?.price).toBe(12);
      expect(await store.ticks.insertMany([])).toEqual([]);
    });

    it('counts a tick repeated inside one batch once', async () => {
      const a = tick('TIB', MONDAY_OPEN, 10);
      expect(await store.ticks.insertMany([a, a])).toEqual([a]);
    });

    it('writes a batch bigger than one statement', async () => {
      const many = Array.from({ length: 5000 }, (_, i) => tick('TIC', MONDAY_OPEN + i, 50 + (i % 7)));
      expect((await store.ticks.insertMany(many)).length).toBe(5000);
      expect(await store.ticks.since(['TIC'], MONDAY_OPEN + 4997, 10)).toHaveLength(2);
    });

    it('round-trips every tick field, nulls included', async () => {
      const full = tick('TID', MONDAY_OPEN, 187.123456, { marketState: 'POST', currency: 'EUR', dayVolume: 0 });
      // makeTick leaves every optional field null.
      const sparse = makeTick({ symbol: 'TID.X', time: MONDAY_OPEN, price: 0.000123, currency: null, marketState: 'CLOSED' });
      await store.ticks.insertMany([full, sparse]);
      expect(await store.ticks.latest(['TID', 'TID.X'])).toEqual([full, sparse]);
    });

    it('returns the latest tick per symbol and omits symbols without ticks', async () => {
      await store.ticks.insertMany([tick('TLA', MONDAY_OPEN + 60, 2), tick('TLA', MONDAY_OPEN, 1), tick('TLB', MONDAY_OPEN, 3)]);
      const latest = await store.ticks.latest(['TLB', 'TLA', 'TLNONE']);
      expect(latest.map((t) => [t.symbol, t.price])).toEqual([
        ['TLA', 2],
        ['TLB', 3],
      ]);
      expect(await store.ticks.latest([])).toEqual([]);
    });

    it('lists ticks after a time, ascending, up to the limit', async () => {
      await store.ticks.insertMany([
        tick('TSA', MONDAY_OPEN + 120, 3),
        tick('TSA', MONDAY_OPEN, 1),
        tick('TSB', MONDAY_OPEN + 60, 2),
        tick('TSC', MONDAY_OPEN + 30, 9),
      ]);
      const since = await store.ticks.since(['TSA', 'TSB'], MONDAY_OPEN, 10);
      expect(since.map((t) => [t.symbol, t.time])).toEqual([
        ['TSB', MONDAY_OPEN + 60],
        ['TSA', MONDAY_OPEN + 120],
      ]);
      expect(await store.ticks.since(['TSA', 'TSB'], MONDAY_OPEN - 1, 2)).toHaveLength(2);
    });

    it('upserts bars: new and revised ones are reported, unchanged ones are not', async () => {
      const b1 = bar('CUA', MONDAY_OPEN, 10, 11);
      const b2 = bar('CUA', MONDAY_OPEN + 60, 11, 12);
      expect(await store.candles.upsertMany([b1, b2])).toEqual([b1, b2]);
      expect(await store.candles.upsertMany([b1, b2])).toEqual([]);
      const revised = { ...b2, close: 12.5, high: 13, volume: 250 };
      expect(await store.candles.upsertMany([b1, revised])).toEqual([revised]);
      const stored = await store.candles.history({ symbol: 'CUA', interval: '1m', from: MONDAY_OPEN, to: MONDAY_OPEN + 60, limit: 10 });
      expect(stored).toEqual([
        { time: b1.time, open: 10, high: 11.5, low: 9.5, close: 11, volume: 100 },
        { time: b2.time, open: 11, high: 13, low: 10.5, close: 12.5, volume: 250 },
      ]);
    });

    it('keeps the last copy when one batch repeats a bar', async () => {
      const first = bar('CUB', MONDAY_OPEN, 10);
      const last = { ...first, close: 10.25, volume: 7 };
      expect(await store.candles.upsertMany([first, last])).toEqual([last]);
      const [stored] = await store.candles.history({ symbol: 'CUB', interval: '1m', from: MONDAY_OPEN, to: MONDAY_OPEN, limit: 1 });
      expect(stored?.close).toBe(10.25);
    });

    it('reads 1m history ascending within an inclusive window, the newest bars when capped', async () => {
      const bars = sessionBars('CHA', MONDAY_OPEN, 1, 30);
      await store.candles.upsertMany(bars);
      const all = await store.candles.history({ symbol: 'CHA', interval: '1m', from: MONDAY_OPEN + 60, to: MONDAY_OPEN + 600, limit: 100 });
      expect(all.map((c) => c.time)).toEqual(Array.from({ length: 10 }, (_, i) => MONDAY_OPEN + 60 * (i + 1)));
      const capped = await store.candles.history({ symbol: 'CHA', interval: '1m', from: MONDAY_OPEN, to: MONDAY_OPEN + 3600, limit: 5 });
      expect(capped.map((c) => c.time)).toEqual(bars.slice(-5).map((b) => b.time));
      expect(await store.candles.history({ symbol: 'CHA', interval: '1m', from: MONDAY_OPEN + 1, to: MONDAY_OPEN + 59, limit: 5 })).toEqual([]);
    });

    it('aggregates 1m bars into 5m, 15m, 1h and 1d candles', async () => {
      // 09:30-10:39 ET on one day: 70 bars.
      const bars = sessionBars('CAG', MONDAY_OPEN, 1, 70);
      await store.candles.upsertMany(bars);
      const expected = (width: number) => {
        const groups = new Map<number, SymbolCandle[]>();
        for (const b of bars) {
          const start = b.time - (b.time % width);
          groups.set(start, [...(groups.get(start) ?? []), b]);
        }
        return [...groups.entries()].map(([time, g]) => ({
          time,
          open: g[0]!.open,
          high: Math.max(...g.map((b) => b.high)),
          low: Math.min(...g.map((b) => b.low)),
          close: g.at(-1)!.close,
          volume: g.reduce((s, b) => s + b.volume, 0),
        }));
      };
      const q = { symbol: 'CAG', from: MONDAY_OPEN - 86_400, to: MONDAY_OPEN + 86_400, limit: 1000 } as const;
      expect(await store.candles.history({ ...q, interval: '5m' })).toEqual(expected(300));
      expect(await store.candles.history({ ...q, interval: '15m' })).toEqual(expected(900));
      expect(await store.candles.history({ ...q, interval: '1h' })).toEqual(expected(3600));
      expect(await store.candles.history({ ...q, interval: '1d' })).toEqual(expected(86_400));
      // Window bounds apply to the candle's start time; a bar straddling `from` is excluded.
      const mid = await store.candles.history({ ...q, interval: '15m', from: MONDAY_OPEN + 1, to: MONDAY_OPEN + 1800 });
      expect(mid.map((c) => c.time)).toEqual([MONDAY_OPEN + 900, MONDAY_OPEN + 1800]);
      const newestTwo = await store.candles.history({ ...q, interval: '5m', limit: 2 });
      expect(newestTwo).toEqual(expected(300).slice(-2));
    });

    it('reports the newest stored bar per symbol', async () => {
      await store.candles.upsertMany([bar('CLA', MONDAY_OPEN, 1), bar('CLA', MONDAY_OPEN + 120, 1), bar('CLB', MONDAY_OPEN + 60, 1)]);
      const last = await store.candles.lastBuckets(['CLA', 'CLB', 'CLNONE']);
      expect([...last.entries()].sort()).toEqual([
        ['CLA', MONDAY_OPEN + 120],
        ['CLB', MONDAY_OPEN + 60],
      ]);
    });

    it('refuses impossible values with STORE_CONSTRAINT', async () => {
      expect(await codeOf(store.candles.upsertMany([{ ...bar('CBAD', MONDAY_OPEN, 10), high: 9, low: 10 }]))).toBe('STORE_CONSTRAINT');
      expect(await codeOf(store.candles.upsertMany([bar('CBAD', MONDAY_OPEN, Number.NaN)]))).toBe('STORE_CONSTRAINT');
      expect(await codeOf(store.ticks.insertMany([tick('CBAD', MONDAY_OPEN, Number.POSITIVE_INFINITY)]))).toBe('STORE_CONSTRAINT');
      expect(await codeOf(store.ticks.insertMany([tick('CBAD', MONDAY_OPEN, 0)]))).toBe('STORE_CONSTRAINT');
      expect(await codeOf(store.holdings.create({ symbol: 'CBAD', quantity: '-1', costPerShare: '1' }))).toBe('STORE_CONSTRAINT');
      expect(await store.candles.lastBuckets(['CBAD'])).toEqual(new Map());
    });

    it('keeps holding quantities and costs as exact decimal strings', async () => {
      const before = await store.holdings.count();
      const h = await store.holdings.create({
        symbol: 'AAPL',
        quantity: '0.123456789012345678901',
        costPerShare: '187.10',
        note: 'first lot',
        acquiredOn: '2024-02-29',
      });
      expect(h).toMatchObject({ symbol: 'AAPL', quantity: '0.123456789012345678901', costPerShare: '187.10', note: 'first lot', acquiredOn: '2024-02-29' });
      expect(Number.isInteger(h.createdAt) && Math.abs(h.createdAt - Date.now() / 1000) < 3600).toBe(true); // unix seconds
      expect(await store.holdings.get(h.id)).toEqual(h);
      expect(await store.holdings.count()).toBe(before + 1);

      const updated = await store.holdings.update(h.id, { quantity: '3', note: null });
      expect(updated).toMatchObject({ id: h.id, quantity: '3', costPerShare: '187.10', note: null, acquiredOn: '2024-02-29' });
      expect((await store.holdings.list()).some((x) => x.id === h.id && x.quantity === '3')).toBe(true);

      expect(await store.holdings.remove(h.id)).toBe(true);
      expect(await store.holdings.remove(h.id)).toBe(false);
      expect(await store.holdings.get(h.id)).toBeNull();
      expect(await store.holdings.update(h.id, { note: 'gone' })).toBeNull();
      expect(await store.holdings.get(2 ** 40)).toBeNull();
    });

    it('grants a named lead to one holder at a time', async () => {
      const first = await store.tryLead('conformance');
      expect(first).not.toBeNull();
      expect(await store.tryLead('conformance')).toBeNull();
      const other = await store.tryLead('conformance-other');
      expect(other).not.toBeNull();
      await first!.release();
      const second = await store.tryLead('conformance');
      expect(second).not.toBeNull();
      await second!.release();
      await other!.release();
    });

    alertStoreCases(() => store);

    it('answers ping while open and fails with STORE_UNAVAILABLE once closed', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      expect(await codeOf(store.ping())).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.ticks.latest(['AAPL']))).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.tryLead('after-close'))).toBe('STORE_UNAVAILABLE');
    });
  });
}
