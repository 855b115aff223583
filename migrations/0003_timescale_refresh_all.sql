-- requires: timescaledb
-- requires-sql: SELECT current_setting('timescaledb.license', true) IS DISTINCT FROM 'apache'
--
-- The refresh policies of 0002 covered only the last 35 days (start_offset). A real-time aggregate
-- serves raw rows only above its watermark, so once a policy had materialized recent buckets, every
-- bucket older than 35 days that was never materialized vanished from 5m/15m/1h/1d: all history
-- that create_hypertable(migrate_data) brought over from a plain-PostgreSQL install, and any bar
-- written more than 35 days back. Each policy is replaced by one with no start_offset: it refreshes
-- everything up to its end_offset. After the first run that costs only the new buckets and the
-- buckets whose 1m bars changed (TimescaleDB's invalidation log), wherever they are.
-- buckets_per_batch => 0 refreshes the window in one pass: with the default batching, one run of the
-- open-ended 5m policy on TimescaleDB 2.22.1 was still busy after 90 s on a table of 100 bars; in
-- one pass it takes about 0.1 s.
--
-- Same schedules and end offsets as 0002. A refusal (builds without policies) is a WARNING, as in 0002,
-- and rolls back its block: a policy is never removed without its replacement.

DO $$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT * FROM (VALUES
    ('candles_5m', interval '5 minutes', interval '1 minute'),
    ('candles_15m', interval '15 minutes', interval '5 minutes'),
    ('candles_1h', interval '1 hour', interval '15 minutes'),
    ('candles_1d', interval '1 day', interval '1 hour')
  ) AS v(view, end_offset, schedule) LOOP
    BEGIN
      PERFORM remove_continuous_aggregate_policy(p.view::regclass, if_exists => true);
      PERFORM add_continuous_aggregate_policy(p.view::regclass, start_offset => NULL, end_offset => p.end_offset,
        schedule_interval => p.schedule, if_not_exists => true, buckets_per_batch => 0);
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'timescaledb policy refused (refresh % over all history): %', p.view, SQLERRM;
    END;
  END LOOP;
END
$$;
