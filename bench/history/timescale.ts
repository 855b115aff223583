// After the bulk load on TimescaleDB: bring the database to the state its policies keep it in, so
// the reads measure materialized aggregates and compressed old chunks, not a fresh, unrefreshed load.
// This database's background job scheduler is stopped first so the policies do not run during the
// measurement (alter_job(scheduled => false) is refused for policies on hierarchical aggregates).
import type pg from 'pg';

const AGGREGATES = ['candles_5m', 'candles_15m', 'candles_1h', 'candles_1d'] as const;

async function timed(label: string, what: string, run: () => Promise<string>): Promise<void> {
  const started = performance.now();
  const detail = await run();
  process.stdout.write(`  [${label}] ${what}${detail}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

export async function settleTimescale(client: pg.Client, label: string): Promise<void> {
  await client.query('SELECT _timescaledb_functions.stop_background_workers()');
  for (const view of AGGREGATES) {
    // A whole-range refresh cannot run inside a transaction block; node-postgres sends it alone.
    await timed(label, `refresh_continuous_aggregate('${view}', NULL, NULL)`, async () => {
      await client.query(`CALL refresh_continuous_aggregate('${view}', NULL, NULL)`);
      return '';
    });
  }
  await timed(label, 'compress_chunk on candles_1m chunks older than the policy', async () => {
    const { rows } = await client.query<{ n: number; after: string }>(
      `SELECT count(compress_chunk(c, if_not_compressed => true))::int AS n, min(j.after)::text AS after
       FROM (SELECT (config->>'compress_after')::interval AS after FROM timescaledb_information.jobs
             WHERE proc_name = 'policy_compression' AND hypertable_name = 'candles_1m') AS j,
            LATERAL show_chunks('candles_1m', older_than => j.after) AS c`,
    );
    return ` (${rows[0]?.n ?? 0} chunks, compress_after ${rows[0]?.after ?? 'none'})`;
  });
  await client.query('ANALYZE');
}
