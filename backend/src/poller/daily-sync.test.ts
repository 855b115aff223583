import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { SourceStatus } from '@tickstream/shared';
import type { DailyBar, DailySync } from '../store/types.ts';
import type { DailyHistory } from '../sources/types.ts';
import { createDailySync } from './daily-sync.ts';

const at = (iso: string) => Date.parse(iso);
const bar = (day: string, extra: Partial<DailyBar> = {}): DailyBar => ({ symbol: 'AAPL', day, open: 1, high: 1, low: 1, close: 1, adjclose: 1, volume: 0, ...extra });

function harness(history: (from: number) => DailyBar[]) {
  let now = at('2024-05-08T15:00:00Z'); // Wednesday, market open in New York
  const fetches: number[] = [];
  const stored = new Map<string, DailyBar>();
  const syncs = new Map<string, DailySync>();
  const progress: SourceStatus['backfill'][] = [];
  let failNext = false;
  const sync = createDailySync({
    source: {
      async fetchDaily(_symbol, from): Promise<DailyHistory> {
        fetches.push(from);
        if (failNext) {
          failNext = false;
          throw new Error('Yahoo is down');
        }
        return { bars: history(from), timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '1980-12-12' };
      },
    },
    store: {
      dailyBars: {
        upsertMany: async (bars) => (bars.forEach((b) => stored.set(b.day, b)), bars.length),
        history: async () => [],
        newestDay: async () => [...stored.keys()].sort().at(-1) ?? null,
        recordSync: async (symbol, s) => void syncs.set(symbol, s),
        syncs: async (symbols) => new Map([...syncs].filter(([s]) => symbols.includes(s))),
      },
    },
    logger: pino({ level: 'silent' }),
    now: () => now,
    onProgress: (p) => progress.push(p),
  });
  const run = async (options?: { announce?: boolean }) => {
    sync.enqueue(['AAPL'], options);
    await sync.settled();
  };
  return { sync, run, fetches, stored, syncs, progress, setNow: (t: number) => (now = t), failOnce: () => (failNext = true) };
}

describe('daily history sync', () => {
  it('fetches everything on the first sync and stores completed days only (today is served from 1m candles)', async () => {
    const h = harness(() => [bar('2024-05-06'), bar('2024-05-07'), bar('2024-05-08')]);
    await h.run({ announce: true });
    expect(h.fetches).toEqual([Date.UTC(1900, 0, 1) / 1000]);
    expect([...h.stored.keys()]).toEqual(['2024-05-06', '2024-05-07']);
    expect(h.syncs.get('AAPL')).toEqual({ syncedAt: at('2024-05-08T15:00:00Z') / 1000, timezone: 'America/New_York', sessionOpen: 570, firstTradeDay: '1980-12-12' });
    expect(h.progress[0]).toEqual({ done: 0, total: 0, running: false, symbols: ['AAPL'] });
    expect(h.progress.at(-1)).toEqual({ done: 1, total: 1, running: false });
  });

  it('syncs once per exchange day, then re-reads only the last days', async () => {
    const h = harness(() => [bar('2024-05-07'), bar('2024-05-08')]);
    await h.run();
    await h.run();
    expect(h.fetches).toHaveLength(1);
    // 23:30 New York is still the same exchange day although UTC has moved on.
    h.setNow(at('2024-05-09T03:30:00Z'));
    await h.run();
    expect(h.fetches).toHaveLength(1);
    h.setNow(at('2024-05-09T05:00:00Z'));
    await h.run();
    expect(h.fetches[1]).toBe(at('2024-04-27T00:00:00Z') / 1000);
    expect(h.stored.has('2024-05-08')).toBe(true);
  });

  it('fetches the whole history again when a new dividend re-prices the adjusted close', async () => {
    const h = harness((from) => (from < 0 ? [bar('2024-05-06'), bar('2024-05-07')] : [bar('2024-05-07'), bar('2024-05-08', { dividend: 0.25 })]));
    await h.run();
    h.setNow(at('2024-05-09T15:00:00Z'));
    await h.run();
    expect(h.fetches.map((f) => f < 0)).toEqual([true, false, true]);
  });

  it('leaves a failed symbol unsynced, so the next check tries it again', async () => {
    const h = harness(() => [bar('2024-05-07')]);
    h.failOnce();
    await h.run();
    expect(h.syncs.size).toBe(0);
    h.sync.check(['AAPL']);
    await h.sync.settled();
    expect(h.syncs.size).toBe(1);
  });
});
