-- Long history (issue 17): Yahoo's daily chart back to the first trade date, one row per symbol and
-- exchange trading day, kept apart from candles_1m (different source, different revisions).
--
-- open/high/low/close are as Yahoo's chart serves them (split-adjusted); adjclose is Yahoo's
-- adjusted close (splits and dividends). The app serves OHLC as stored (`adjusted: split`) or scaled
-- by adjclose / close (`split-dividend`); weeks and months roll up in SQL (store/daily-bars.ts).
-- `dividend` and `split_ratio` (numerator / denominator) mark the days those events took effect.
-- On TimescaleDB 0007 makes daily_bars a hypertable.

CREATE TABLE daily_bars (
  symbol       text             NOT NULL,
  day          date             NOT NULL,
  open         double precision NOT NULL,
  high         double precision NOT NULL,
  low          double precision NOT NULL,
  close        double precision NOT NULL,
  adjclose     double precision NOT NULL,
  volume       double precision NOT NULL,
  dividend     double precision,
  split_ratio  double precision,
  PRIMARY KEY (symbol, day),
  CONSTRAINT daily_bars_open_valid CHECK (open > 0 AND open <> 'NaN' AND open <> 'Infinity'),
  CONSTRAINT daily_bars_high_valid CHECK (high > 0 AND high <> 'NaN' AND high <> 'Infinity'),
  CONSTRAINT daily_bars_low_valid CHECK (low > 0 AND low <> 'NaN' AND low <> 'Infinity'),
  CONSTRAINT daily_bars_close_valid CHECK (close > 0 AND close <> 'NaN' AND close <> 'Infinity'),
  CONSTRAINT daily_bars_adjclose_valid CHECK (adjclose > 0 AND adjclose <> 'NaN' AND adjclose <> 'Infinity'),
  CONSTRAINT daily_bars_high_low CHECK (high >= low),
  CONSTRAINT daily_bars_range_holds_open_close CHECK (high >= open AND high >= close AND low <= open AND low <= close),
  CONSTRAINT daily_bars_volume_valid CHECK (volume >= 0 AND volume <> 'NaN' AND volume <> 'Infinity'),
  CONSTRAINT daily_bars_dividend_valid CHECK (dividend IS NULL OR (dividend > 0 AND dividend <> 'NaN' AND dividend <> 'Infinity')),
  CONSTRAINT daily_bars_split_valid CHECK (split_ratio IS NULL OR (split_ratio > 0 AND split_ratio <> 'NaN' AND split_ratio <> 'Infinity'))
);

-- One row per symbol whose daily history was fetched: when (so each is refreshed once a day, by any
-- instance, across restarts) and the exchange facts the chart needs: its IANA time zone and the
-- regular session's open as minutes after local midnight (1h bars start there; crypto: UTC, 0).
CREATE TABLE daily_bar_syncs (
  symbol           text        PRIMARY KEY,
  synced_at        timestamptz NOT NULL,
  timezone         text        NOT NULL,
  session_open     integer     NOT NULL,
  first_trade_day  date,
  CONSTRAINT daily_bar_syncs_timezone_valid CHECK (char_length(timezone) BETWEEN 1 AND 64),
  CONSTRAINT daily_bar_syncs_session_open_valid CHECK (session_open BETWEEN 0 AND 1439)
);
