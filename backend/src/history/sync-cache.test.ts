import { describe, expect, it } from 'vitest';
import type { DailySync } from '../store/types.ts';
import { createSyncCache } from './sync-cache.ts';

const sync = (syncedAt: number): DailySync => ({ syncedAt, timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: null });

function fixture(stored: Map<string, DailySync>) {
  let clock = 1_000_000;
  const reads: string[] = [];
  const cache = createSyncCache(
    async (symbol) => {
      reads.push(symbol);
      return stored.get(symbol);
    },
    () => clock,
    { freshMs: 5_000, maxSymbols: 2 },
  );
  return { cache, reads, advance: (ms: number) => (clock += ms) };
}

describe('daily sync cache', () => {
  it('reads a symbol once while fresh, shared by concurrent readers, and again once FRESH_MS have passed', async () => {
    const stored = new Map([['AAPL', sync(1)]]);
    const { cache, reads, advance } = fixture(stored);
    expect(await Promise.all([cache.get('AAPL'), cache.get('AAPL')])).toEqual([sync(1), sync(1)]);
    stored.set('AAPL', sync(2));
    advance(4_999);
    expect(await cache.get('AAPL')).toEqual(sync(1));
    advance(1);
    expect(await cache.get('AAPL')).toEqual(sync(2));
    expect(reads).toEqual(['AAPL', 'AAPL']);
  });

  it('remembers that a symbol was never synced for FRESH_MS too, and shows its first sync after that', async () => {
    const stored = new Map<string, DailySync>();
    const { cache, reads, advance } = fixture(stored);
    expect(await cache.get('NEW')).toBeUndefined();
    stored.set('NEW', sync(1));
    advance(4_999);
    expect(await cache.get('NEW')).toBeUndefined();
    expect(reads).toEqual(['NEW']);
    advance(1);
    expect(await cache.get('NEW')).toEqual(sync(1));
    expect(reads).toEqual(['NEW', 'NEW']);
  });

  it('forgets a failed read, so the next reader asks the database again', async () => {
    let fail = true;
    const cache = createSyncCache(async () => {
      if (fail) throw new Error('database down');
      return sync(1);
    }, () => 0);
    await expect(cache.get('AAPL')).rejects.toThrow('database down');
    fail = false;
    expect(await cache.get('AAPL')).toEqual(sync(1));
  });

  it('treats a clock that went back as stale', async () => {
    const { cache, reads, advance } = fixture(new Map([['AAPL', sync(1)]]));
    await cache.get('AAPL');
    advance(-1);
    await cache.get('AAPL');
    expect(reads).toHaveLength(2);
  });

  it('keeps at most maxSymbols, dropping the least recently read', async () => {
    const { cache, reads } = fixture(new Map(['A', 'B', 'C'].map((s) => [s, sync(1)])));
    for (const s of ['A', 'B', 'A', 'C', 'A', 'B']) await cache.get(s);
    // C pushed out B (A had been read since); B then pushed out C.
    expect(reads).toEqual(['A', 'B', 'C', 'B']);
  });
});
