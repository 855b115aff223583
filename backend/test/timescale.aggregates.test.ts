// The continuous aggregates on a real TimescaleDB server, materialized rather than real-time: every
// view is switched to materialized_only, so a read sees only what refreshes wrote, and a refresh that
// did nothing (or wrote wrong bars) fails the comparison with a date_bin roll-up computed in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleInterval } from '../src/store/types.ts';
import { TEST_TIMESCALE_URL } from './support/services.ts';
import { AGGREGATES, openTimescaleTestDb, refreshAll, type TimescaleTestDb } from './support/timescale.ts';
import { MONDAY_OPEN, sessionBars } from './store-conformance.ts';

const suite = TEST_TIMESCALE_URL ? describe : describe.skip;

const WIDTHS: Record<Exclude<CandleInterval, '1m'>, string> = { '5m': '5 minutes', '15m': '15 minutes', '1h': '1 hour', '1d': '1 day' };
const INTERVALS = Object.keys(WIDTHS) as (keyof typeof WIDTHS)[];
const SYMBOLS = ['MATA', 'MATB'];
/** Eight sessions from Monday 2024-05-06: two 7-day chunks of candles_1m (chunks start on Thursdays). */
const BARS = SYMBOLS.map((s, i) => sessionBars(s, MONDAY_OPEN, 8, 390, i + 1));
const WINDOW = { from: MONDAY_OPEN - 86_400, to: MONDAY_OPEN + 10 * 86_400, limit: 5000 };

suite('TimescaleDB server: materialized continuous aggregates', () => {
  let db: TimescaleTestDb;
  const history = (symbol: string, interval: CandleInterval) => db.store.candles.history({ symbol, interval, ...WINDOW });
  const chunks = () =>
    db.query<{ compressed: boolean }>(
      `SELECT is_compressed AS compressed FROM timescaledb_information.chunks WHERE hypertable_name = 'candles_1m' ORDER BY range_start`,
    );

  beforeAll(async () => {
    db = await openTimescaleTestDb();
    for (const bars of BARS) await db.store.candles.upsertMany(bars);
    for (const view of AGGREGATES) await db.query(`ALTER MATERIALIZED VIEW ${view} SET (timescaledb.materialized_only = true)`);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('serves no aggregated bar before a refresh once reads are materialized only', async () => {
    expect(db.store.timescale).toBe(true);
    for (const interval of INTERVALS) expect(await history('MATA', interval)).toEqual([]);
  });

  it('after refreshing every level and compressing the 1m chunks, equals a date_bin roll-up for 5m, 15m, 1h and 1d', async () => {
    await refreshAll(db);
    await db.query(`SELECT compress_chunk(c) FROM show_chunks('candles_1m') AS c`);
    expect(await chunks()).toEqual([{ compressed: true }, { compressed: true }]);
    for (const symbol of SYMBOLS) {
      for (const interval of INTERVALS) {
        const expected = await db.rollup(symbol, WIDTHS[interval]);
        expect(expected.length).toBeGreaterThanOrEqual(8);
        expect(await history(symbol, interval), `${symbol} ${interval}`).toEqual(expected);
      }
    }
  });

  it('upserts into a compressed chunk: new and revised bars are stored, unchanged ones are not reported', async () => {
    const [first] = BARS[1]!;
    const early = { ...first!, time: MONDAY_OPEN - 3600 }; // a new minute, inside the compressed first chunk
    const revised = { ...first!, close: first!.close + 0.01, high: first!.high + 0.01 };
    expect(await db.store.candles.upsertMany([early, revised])).toEqual([early, revised]);
    expect(await db.store.candles.upsertMany([early, revised])).toEqual([]);
    const stored = await db.store.candles.history({ symbol: 'MATB', interval: '1m', from: early.time, to: first!.time, limit: 100 });
    expect(stored).toEqual([early, revised].map(({ symbol: _s, ...c }) => c));
    expect((await chunks())[0]).toEqual({ compressed: true });
  });

  it('shows a 1m bar revised inside an already materialized bucket in 5m and 1d after the next refresh', async () => {
    const original = BARS[0]![390 + 62]!; // Tuesday 14:32 UTC
    const revised = { ...original, high: original.high + 50, volume: original.volume + 5000 };
    const fiveMin = original.time - (original.time % 300);
    const day = original.time - (original.time % 86_400);
    const bucket = async (interval: CandleInterval, time: number) => (await history('MATA', interval)).find((c) => c.time === time);

    expect(await db.store.candles.upsertMany([revised])).toEqual([revised]);
    // Not refreshed yet: the materialized buckets still hold the old bar.
    expect((await bucket('5m', fiveMin))?.high).toBeLessThan(revised.high);
    expect((await bucket('1d', day))?.high).toBeLessThan(revised.high);

    await refreshAll(db);
    expect(await bucket('5m', fiveMin)).toMatchObject({ high: revised.high });
    expect(await bucket('1d', day)).toMatchObject({ high: revised.high });
    for (const interval of INTERVALS) expect(await history('MATA', interval), interval).toEqual(await db.rollup('MATA', WIDTHS[interval]));
  });

  it('returns the same bars as shipped, with real-time aggregation on', async () => {
    for (const view of AGGREGATES) await db.query(`ALTER MATERIALIZED VIEW ${view} SET (timescaledb.materialized_only = false)`);
    for (const interval of INTERVALS) expect(await history('MATB', interval), interval).toEqual(await db.rollup('MATB', WIDTHS[interval]));
  });
});
