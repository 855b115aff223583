-- requires: timescaledb
-- requires-sql: SELECT current_setting('timescaledb.license', true) IS DISTINCT FROM 'apache'
--
-- TimescaleDB path. The runner applies this file only when the timescaledb extension can be
-- created; otherwise it is skipped WITHOUT being recorded, so it runs on a later start-up once
-- the extension appears (create_hypertable migrates rows already stored). A TimescaleDB under the
-- Apache-only license (no compression, no continuous aggregates) counts as absent. Until then the app
-- computes 5m/15m/1h/1d candles with date_bin() over candles_1m (see backend/src/store/candles.ts);
-- both paths return the same bars.
--
-- Choices:
--   ticks       1-day chunks, compressed after 7 days (only recent ticks are read back), dropped after 90 days.
--   candles_1m  7-day chunks, compressed after 35 days (BACKFILL_DAYS is at most 30, so backfill and
--               bar revisions hit uncompressed chunks), kept forever: they are the history.
--   caggs       hierarchical 5m <- 1m, 15m <- 5m, 1h <- 15m, 1d <- 1h, real-time (materialized_only =
--               false) so the newest bars are always included; refreshed over the last 35 days for the
--               same backfill reason. time_bucket() and date_bin(..., 'epoch') agree for these widths.
--
-- Policies are background jobs (TSL-licensed). Some builds refuse them (the PGlite TimescaleDB build
-- after a data dir is reopened runs under the Apache license), so each one is attempted in its own
-- exception block: a refusal is raised as a WARNING (logged by the runner) and the migration goes on.
-- Without policies nothing is compressed or dropped, and real-time aggregation still serves every bar.

CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('ticks', 'time', chunk_time_interval => interval '1 day', migrate_data => true);
SELECT create_hypertable('candles_1m', 'bucket', chunk_time_interval => interval '7 days', migrate_data => true);

ALTER TABLE ticks SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol', timescaledb.compress_orderby = 'time DESC');
ALTER TABLE candles_1m SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol', timescaledb.compress_orderby = 'bucket DESC');

CREATE MATERIALIZED VIEW candles_5m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol,
       time_bucket(interval '5 minutes', bucket) AS bucket,
       first(open, bucket) AS open,
       max(high) AS high,
       min(low) AS low,
       last(close, bucket) AS close,
       sum(volume) AS volume
FROM candles_1m
GROUP BY symbol, time_bucket(interval '5 minutes', bucket)
WITH NO DATA;

CREATE MATERIALIZED VIEW candles_15m WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol,
       time_bucket(interval '15 minutes', bucket) AS bucket,
       first(open, bucket) AS open,
       max(high) AS high,
       min(low) AS low,
       last(close, bucket) AS close,
       sum(volume) AS volume
FROM candles_5m
GROUP BY symbol, time_bucket(interval '15 minutes', bucket)
WITH NO DATA;

CREATE MATERIALIZED VIEW candles_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol,
       time_bucket(interval '1 hour', bucket) AS bucket,
       first(open, bucket) AS open,
       max(high) AS high,
       min(low) AS low,
       last(close, bucket) AS close,
       sum(volume) AS volume
FROM candles_15m
GROUP BY symbol, time_bucket(interval '1 hour', bucket)
WITH NO DATA;

CREATE MATERIALIZED VIEW candles_1d WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT symbol,
       time_bucket(interval '1 day', bucket) AS bucket,
       first(open, bucket) AS open,
       max(high) AS high,
       min(low) AS low,
       last(close, bucket) AS close,
       sum(volume) AS volume
FROM candles_1h
GROUP BY symbol, time_bucket(interval '1 day', bucket)
WITH NO DATA;

DO $$
DECLARE
  policy text;
BEGIN
  FOREACH policy IN ARRAY ARRAY[
    $p$SELECT add_compression_policy('ticks', interval '7 days', if_not_exists => true)$p$,
    $p$SELECT add_retention_policy('ticks', interval '90 days', if_not_exists => true)$p$,
    $p$SELECT add_compression_policy('candles_1m', interval '35 days', if_not_exists => true)$p$,
    $p$SELECT add_continuous_aggregate_policy('candles_5m', start_offset => interval '35 days',
         end_offset => interval '5 minutes', schedule_interval => interval '1 minute', if_not_exists => true)$p$,
    $p$SELECT add_continuous_aggregate_policy('candles_15m', start_offset => interval '35 days',
         end_offset => interval '15 minutes', schedule_interval => interval '5 minutes', if_not_exists => true)$p$,
    $p$SELECT add_continuous_aggregate_policy('candles_1h', start_offset => interval '35 days',
         end_offset => interval '1 hour', schedule_interval => interval '15 minutes', if_not_exists => true)$p$,
    $p$SELECT add_continuous_aggregate_policy('candles_1d', start_offset => interval '35 days',
         end_offset => interval '1 day', schedule_interval => interval '1 hour', if_not_exists => true)$p$
  ] LOOP
    BEGIN
      EXECUTE policy;
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'timescaledb policy refused (%): %', policy, SQLERRM;
    END;
  END LOOP;
END
$$;
