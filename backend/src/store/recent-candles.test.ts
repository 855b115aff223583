import { describe, expect, it } from 'vitest';
import type { Candle, SymbolCandle } from '@tickstream/shared';
import type { CandleRepository, HistoryQuery } from './types.ts';
import { withRecentCandles } from './recent-candles.ts';

const NOW = 1_800_000_000; // unix s, a whole minute
const bar = (symbol: string, time: number, close = 100): SymbolCandle => ({ symbol, time, open: close, high: close, low: close, close, volume: 10 });

/** A candle table in memory that counts its reads and can hold a call until released. */
function fakeRepo() {
  const rows = new Map<string, SymbolCandle>();
  const reads: HistoryQuery[] = [];
  let gate: Promise<void> | null = null;
  const repo: CandleRepository = {
    async upsertMany(candles) {
      if (gate) await gate;
      for (const c of candles) rows.set(`${c.symbol} ${c.time}`, c);
      return [...candles];
    },
    async history(q) {
      reads.push(q);
      const matching = [...rows.values()].filter((c) => c.symbol === q.symbol && c.time >= q.from && c.time <= q.to).sort((a, b) => a.time - b.time);
      const answer = matching.slice(-q.limit).map(({ symbol: _, ...c }) => c as Candle);
      if (gate) await gate;
      return answer;
    },
    lastBuckets: async () => new Map(),
    settle: async () => undefined,
  };
  return {
    repo,
    rows,
    reads,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

function setup(opts: { leader?: () => boolean } = {}) {
  const store = fakeRepo();
  let clockMs = NOW * 1000;
  const cached = withRecentCandles(store.repo, {
    now: () => clockMs,
    isWriter: opts.leader ?? (() => true),
    spanSeconds: 3 * 3600,
    maxSymbols: 2,
    ttlMs: 60_000,
  });
  for (let t = NOW - 7200; t <= NOW; t += 60) store.rows.set(`AAPL ${t}`, bar('AAPL', t, t));
  return { store, cached, tick: (ms: number) => (clockMs += ms) };
}

const lastHour = (symbol = 'AAPL', limit = 5000): HistoryQuery => ({ symbol, interval: '1m', from: NOW - 3600, to: NOW, limit });

describe('recent candles in memory', () => {
  it('answers a repeated recent 1m read from memory with exactly what the store answers', async () => {
    const { store, cached } = setup();
    const direct = await store.repo.history(lastHour());
    expect(await cached.history(lastHour())).toEqual(direct);
    expect(await cached.history(lastHour())).toEqual(direct);
    expect(await cached.history(lastHour('AAPL', 7))).toEqual(direct.slice(-7));
    expect(await cached.history({ ...lastHour(), from: NOW - 600, to: NOW - 300 })).toEqual(direct.filter((c) => c.time >= NOW - 600 && c.time <= NOW - 300));
    expect(store.reads).toHaveLength(2); // the direct read and the one that filled
  });

  it('shows a bar written through it at once, in time order, without reading the store', async () => {
    const { store, cached } = setup();
    await cached.history(lastHour());
    await cached.upsertMany([bar('AAPL', NOW + 60, 5), bar('AAPL', NOW - 120, 7)]);
    const bars = await cached.history({ ...lastHour(), to: NOW + 60 });
    expect(bars.at(-1)).toEqual({ time: NOW + 60, open: 5, high: 5, low: 5, close: 5, volume: 10 });
    expect(bars.find((b) => b.time === NOW - 120)?.close).toBe(7);
    expect(bars).toEqual(await store.repo.history({ ...lastHour(), to: NOW + 60 }));
    expect(store.reads).toHaveLength(2);
  });

  it('reads the store for a window reaching back further than what it keeps, and keeps that from then on', async () => {
    const { store, cached } = setup();
    await cached.history(lastHour());
    const twoHours = { ...lastHour(), from: NOW - 7200 };
    expect(await cached.history(twoHours)).toEqual(await store.repo.history(twoHours));
    await cached.history(twoHours);
    await cached.history(lastHour());
    expect(store.reads).toHaveLength(3); // the last hour, two hours, and the direct read
  });

  it('answers as the store when bars are stored ahead of its clock, and when the clock went back', async () => {
    const { store, cached, tick } = setup();
    for (let t = NOW + 60; t <= NOW + 7200; t += 60) store.rows.set(`AAPL ${t}`, bar('AAPL', t, t));
    const ahead = { ...lastHour(), to: NOW + 7200 };
    expect(await cached.history(ahead)).toEqual(await store.repo.history(ahead));
    expect(await cached.history(lastHour())).toEqual(await store.repo.history(lastHour()));
    tick(-30_000);
    store.rows.set(`AAPL ${NOW}`, bar('AAPL', NOW, 4)); // a clock that moves back is a test's, or a reset one: read again
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(4);
  });

  it('reads the store for older windows and other intervals', async () => {
    const { store, cached } = setup();
    await cached.history({ ...lastHour(), from: NOW - 4 * 3600 });
    await cached.history({ ...lastHour(), interval: '5m' });
    await cached.history({ ...lastHour(), from: NOW - 4 * 3600 });
    expect(store.reads).toHaveLength(3);
  });

  it('reads the store while this process is not the one writing, and drops what it kept when it stops being it', async () => {
    let leader = true;
    const { store, cached } = setup({ leader: () => leader });
    await cached.history(lastHour());
    leader = false;
    store.rows.set(`AAPL ${NOW}`, bar('AAPL', NOW, 1)); // written by the new leader
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(1);
    leader = true;
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(1);
    expect(store.reads).toHaveLength(3);
  });

  it('does not keep a read that a write overlapped', async () => {
    const { store, cached } = setup();
    const release = store.hold();
    const read = cached.history(lastHour());
    const write = cached.upsertMany([bar('AAPL', NOW, 3)]);
    release();
    await Promise.all([read, write]);
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(3);
    expect(store.reads).toHaveLength(2);
  });

  it('drops a symbol two overlapping writes touched, since their order in the store is unknown', async () => {
    const { store, cached } = setup();
    await cached.history(lastHour());
    const release = store.hold();
    const both = Promise.all([cached.upsertMany([bar('AAPL', NOW, 1)]), cached.upsertMany([bar('AAPL', NOW, 2)])]);
    release();
    await both;
    await cached.history(lastHour());
    expect(store.reads).toHaveLength(2);
  });

  it('drops a symbol whose write failed', async () => {
    const { store, cached } = setup();
    await cached.history(lastHour());
    store.repo.upsertMany = async () => {
      throw new Error('connection lost');
    };
    await expect(cached.upsertMany([bar('AAPL', NOW, 1)])).rejects.toThrow('connection lost');
    await cached.history(lastHour());
    expect(store.reads).toHaveLength(2);
  });

  it('passes on a failed read (the database went away), keeps nothing, and reads the store on the next one', async () => {
    const { store, cached } = setup();
    const history = store.repo.history;
    store.repo.history = async () => {
      throw new Error('connection terminated');
    };
    await expect(cached.history(lastHour())).rejects.toThrow('connection terminated');
    store.repo.history = history;
    expect(await cached.history(lastHour())).toEqual(await store.repo.history(lastHour()));
    expect(store.reads).toHaveLength(2);
  });

  it('reads the store again once the kept bars are older than the ttl (rows written around the app)', async () => {
    const { store, cached, tick } = setup();
    await cached.history(lastHour());
    store.rows.set(`AAPL ${NOW}`, bar('AAPL', NOW, 9));
    tick(59_000);
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(NOW);
    tick(1_000);
    expect((await cached.history(lastHour())).at(-1)?.close).toBe(9);
  });

  it('keeps at most maxSymbols, dropping the least recently read', async () => {
    const { store, cached } = setup();
    for (const s of ['MSFT', 'NVDA']) store.rows.set(`${s} ${NOW}`, bar(s, NOW));
    await cached.history(lastHour('AAPL'));
    await cached.history(lastHour('MSFT'));
    await cached.history(lastHour('AAPL'));
    await cached.history(lastHour('NVDA')); // MSFT goes
    await cached.history(lastHour('AAPL'));
    expect(store.reads.map((q) => q.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    await cached.history(lastHour('MSFT'));
    expect(store.reads).toHaveLength(4);
  });
});
