// The background policies on a real TimescaleDB server: which jobs exist with which schedules, and
// what each does when it runs (run here with CALL run_job, as the scheduler would). Data is placed
// relative to the server's clock, because the policies measure age from now().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CandleInterval } from '../src/store/types.ts';
import { TEST_TIMESCALE_URL } from './support/services.ts';
import { openTimescaleTestDb, type TimescaleTestDb } from './support/timescale.ts';
import { sessionBars, tick } from './store-conformance.ts';

const suite = TEST_TIMESCALE_URL ? describe : describe.skip;

const DAY = 86_400;
/** 13:30 UTC today, in unix seconds. */
const TODAY_OPEN = Math.floor(Date.now() / 1000 / DAY) * DAY + 13.5 * 3600;

interface Job {
  id: number;
  proc: string;
  target: string;
  schedule: string;
  config: Record<string, unknown>;
}

suite('TimescaleDB server: policies', () => {
  let db: TimescaleTestDb;
  const jobs = () =>
    db.query<Job>(
      `SELECT job_id AS id, proc_name AS proc, hypertable_name AS target, schedule_interval::text AS schedule, config
       FROM timescaledb_information.jobs WHERE job_id >= 1000 ORDER BY proc_name, hypertable_name`,
    );
  /** Runs each matching job once, in the given order of targets. */
  async function run(proc: string, targets: string[]): Promise<void> {
    const all = await jobs();
    for (const target of targets) {
      const job = all.find((j) => j.proc === proc && j.target === target);
      if (!job) throw new Error(`no ${proc} job on ${target}`);
      await db.query('CALL run_job($1)', [job.id]);
    }
  }
  const refreshPolicies = () => run('policy_refresh_continuous_aggregate', ['candles_5m', 'candles_15m', 'candles_1h', 'candles_1d']);
  const allHistory = (symbol: string, interval: CandleInterval) =>
    db.store.candles.history({ symbol, interval, from: TODAY_OPEN - 200 * DAY, to: TODAY_OPEN + DAY, limit: 100_000 });

  beforeAll(async () => {
    db = await openTimescaleTestDb();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates compression, retention and refresh jobs with the schedules of the migrations', async () => {
    expect((await jobs()).map(({ proc, target, schedule, config }) => ({ proc, target, schedule, config }))).toEqual([
      { proc: 'policy_compression', target: 'candles_1m', schedule: '12:00:00', config: expect.objectContaining({ compress_after: '35 days' }) },
      { proc: 'policy_compression', target: 'ticks', schedule: '12:00:00', config: expect.objectContaining({ compress_after: '7 days' }) },
      ...[
        ['candles_15m', '00:05:00', '00:15:00'],
        ['candles_1d', '01:00:00', '1 day'],
        ['candles_1h', '00:15:00', '01:00:00'],
        ['candles_5m', '00:01:00', '00:05:00'],
      ].map(([target, schedule, endOffset]) => ({
        proc: 'policy_refresh_continuous_aggregate',
        target,
        schedule,
        config: expect.objectContaining({ start_offset: null, end_offset: endOffset, buckets_per_batch: 0 }),
      })),
      // The only retention job: candles and their aggregates are the history and are kept forever.
      { proc: 'policy_retention', target: 'ticks', schedule: '1 day', config: expect.objectContaining({ drop_after: '90 days' }) },
    ]);
  });

  it('refreshes bars older than 35 days too, so history moved in from plain PostgreSQL keeps its aggregates', async () => {
    const bars = [...sessionBars('OLD', TODAY_OPEN - 100 * DAY, 2, 120), ...sessionBars('OLD', TODAY_OPEN - 3 * DAY, 2, 120)];
    await db.store.candles.upsertMany(bars);
    await refreshPolicies();
    for (const [interval, width] of [['5m', '5 minutes'], ['1d', '1 day']] as const) {
      const expected = await db.rollup('OLD', width);
      expect(expected[0]!.time).toBeLessThan(TODAY_OPEN - 99 * DAY);
      expect(await allHistory('OLD', interval), interval).toEqual(expected);
    }
  });

  it('retention drops tick chunks older than 90 days only; candles and their aggregates stay', async () => {
    const ticks = [tick('RET', TODAY_OPEN - 120 * DAY, 10), tick('RET', TODAY_OPEN - 10 * DAY, 11), tick('RET', TODAY_OPEN - 3600, 12)];
    await db.store.ticks.insertMany(ticks);
    await db.store.candles.upsertMany(sessionBars('RET', TODAY_OPEN - 120 * DAY, 1, 60));
    const before = { '1m': await allHistory('RET', '1m'), '1d': await db.rollup('RET', '1 day') };
    expect(before['1m']).toHaveLength(60);

    await run('policy_retention', ['ticks']);
    await run('policy_compression', ['ticks', 'candles_1m']);
    await refreshPolicies();

    expect((await db.store.ticks.since(['RET'], 0, 10)).map((t) => t.time)).toEqual(ticks.slice(1).map((t) => t.time));
    const oldTickChunks = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM show_chunks('ticks', older_than => interval '90 days')`);
    expect(oldTickChunks[0]!.n).toBe(0);
    expect(await allHistory('RET', '1m')).toEqual(before['1m']);
    expect(await allHistory('RET', '1d')).toEqual(before['1d']);
    const compressed = await db.query<{ table: string }>(
      `SELECT DISTINCT hypertable_name AS table FROM timescaledb_information.chunks WHERE is_compressed ORDER BY 1`,
    );
    expect(compressed).toEqual([{ table: 'candles_1m' }, { table: 'ticks' }]);
  });
});
