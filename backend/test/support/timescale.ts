// Raw SQL on a test database of the TimescaleDB server: what the tests use to drive and inspect
// TimescaleDB itself (refreshes, compression, jobs), beside the store under test.
import pg from 'pg';
import type { Candle } from '@tickstream/shared';
import type { Store } from '../../src/store/types.ts';
import { openPostgresStore } from '../../src/store/index.ts';
import { candleOfRow, type RawBar } from '../../src/store/candles.ts';
import { TEST_TIMESCALE_URL, createTestDatabase } from './services.ts';

export const AGGREGATES = ['candles_5m', 'candles_15m', 'candles_1h', 'candles_1d'] as const;

export interface TimescaleTestDb {
  store: Store;
  sql: pg.Client;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** One `date_bin` roll-up of candles_1m computed by the server: what every aggregate must equal. */
  rollup(symbol: string, width: string): Promise<Candle[]>;
  close(): Promise<void>;
}

const STOP_JOBS = 'SELECT _timescaledb_functions.stop_background_workers()';

/** Stops the background job scheduler of the database at `url`: its policies then run only when a test runs them. */
export async function stopBackgroundJobs(url: string): Promise<void> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    await sql.query(STOP_JOBS);
  } finally {
    await sql.end();
  }
}

/**
 * A fresh database on the TimescaleDB server with the store's migrations applied. Its background
 * job scheduler is stopped, so the policies run only when a test runs them (`CALL run_job`): jobs
 * start as soon as they are created, and a background run would race the test's own steps.
 */
export async function openTimescaleTestDb(): Promise<TimescaleTestDb> {
  const db = await createTestDatabase(TEST_TIMESCALE_URL);
  const store = await openPostgresStore(db.url);
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const query = async <T>(text: string, params: unknown[] = []) => (await sql.query(text, params)).rows as T[];
  await query(STOP_JOBS);
  return {
    store,
    sql,
    query,
    async rollup(symbol, width) {
      const rows = await query<RawBar>(
        `SELECT extract(epoch FROM date_bin($2::interval, bucket, timestamptz 'epoch'))::int8 AS time,
                (array_agg(open ORDER BY bucket))[1] AS open, max(high) AS high, min(low) AS low,
                (array_agg(close ORDER BY bucket DESC))[1] AS close, sum(volume) AS volume
         FROM candles_1m WHERE symbol = $1 GROUP BY 1 ORDER BY 1`,
        [symbol, width],
      );
      return rows.map(candleOfRow);
    },
    async close() {
      await sql.end();
      await store.close();
      await db.drop();
    },
  };
}

/** Materializes every aggregate level, finest first (each level is built from the one below). */
export async function refreshAll(db: TimescaleTestDb): Promise<void> {
  for (const view of AGGREGATES) await db.query(`CALL refresh_continuous_aggregate('${view}', NULL, NULL)`);
}
