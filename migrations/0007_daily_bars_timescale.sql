-- requires: timescaledb
-- requires-sql: SELECT current_setting('timescaledb.license', true) IS DISTINCT FROM 'apache'
--
-- daily_bars as a hypertable when TimescaleDB is present (skipped, and retried on a later start-up,
-- like 0002, and under the same license condition). Ten-year chunks: a symbol has at most ~252 rows a year, so a 5-year read touches one
-- or two chunks. Not compressed: Yahoo revises recent days and dividends rewrite adjclose of the
-- whole history.

CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('daily_bars', 'day', chunk_time_interval => interval '3650 days', migrate_data => true);
