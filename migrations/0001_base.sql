-- Base schema: plain PostgreSQL (server or PGlite). Applied once, in a transaction, by the
-- runner in backend/src/store/migrate.ts. Never edit an applied file: add a new one.
--
-- Prices are float8 (they arrive as JS numbers and leave as JSON numbers). CHECKs spell out
-- 'NaN' and 'Infinity' because in PostgreSQL 'NaN' sorts above every number, so `price > 0`
-- alone would accept NaN.

CREATE TABLE ticks (
  symbol          text             NOT NULL,
  time            timestamptz      NOT NULL,
  price           double precision NOT NULL,
  change          double precision,
  change_percent  double precision,
  previous_close  double precision,
  day_high        double precision,
  day_low         double precision,
  day_volume      double precision,
  market_state    text             NOT NULL,
  currency        text,
  source          text             NOT NULL,
  PRIMARY KEY (symbol, time),
  CONSTRAINT ticks_price_valid CHECK (price > 0 AND price <> 'NaN' AND price <> 'Infinity'),
  CONSTRAINT ticks_change_finite CHECK (change IS NULL OR (change <> 'NaN' AND change <> 'Infinity' AND change <> '-Infinity')),
  CONSTRAINT ticks_change_percent_finite CHECK (
    change_percent IS NULL OR (change_percent <> 'NaN' AND change_percent <> 'Infinity' AND change_percent <> '-Infinity')
  ),
  CONSTRAINT ticks_previous_close_valid CHECK (
    previous_close IS NULL OR (previous_close > 0 AND previous_close <> 'NaN' AND previous_close <> 'Infinity')
  ),
  CONSTRAINT ticks_day_high_valid CHECK (day_high IS NULL OR (day_high > 0 AND day_high <> 'NaN' AND day_high <> 'Infinity')),
  CONSTRAINT ticks_day_low_valid CHECK (day_low IS NULL OR (day_low > 0 AND day_low <> 'NaN' AND day_low <> 'Infinity')),
  CONSTRAINT ticks_day_volume_valid CHECK (
    day_volume IS NULL OR (day_volume >= 0 AND day_volume <> 'NaN' AND day_volume <> 'Infinity')
  ),
  CONSTRAINT ticks_market_state_known CHECK (market_state IN ('PRE', 'REGULAR', 'POST', 'CLOSED'))
);

CREATE TABLE candles_1m (
  symbol  text             NOT NULL,
  bucket  timestamptz      NOT NULL,
  open    double precision NOT NULL,
  high    double precision NOT NULL,
  low     double precision NOT NULL,
  close   double precision NOT NULL,
  volume  double precision NOT NULL,
  PRIMARY KEY (symbol, bucket),
  CONSTRAINT candles_1m_open_valid CHECK (open > 0 AND open <> 'NaN' AND open <> 'Infinity'),
  CONSTRAINT candles_1m_high_valid CHECK (high > 0 AND high <> 'NaN' AND high <> 'Infinity'),
  CONSTRAINT candles_1m_low_valid CHECK (low > 0 AND low <> 'NaN' AND low <> 'Infinity'),
  CONSTRAINT candles_1m_close_valid CHECK (close > 0 AND close <> 'NaN' AND close <> 'Infinity'),
  CONSTRAINT candles_1m_high_low CHECK (high >= low),
  CONSTRAINT candles_1m_range_holds_open_close CHECK (high >= open AND high >= close AND low <= open AND low <= close),
  CONSTRAINT candles_1m_volume_valid CHECK (volume >= 0 AND volume <> 'NaN' AND volume <> 'Infinity')
);

CREATE TABLE holdings (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol          text        NOT NULL,
  -- numeric keeps the decimal exactly as entered; the app passes it as a string, never a float.
  quantity        numeric     NOT NULL,
  cost_per_share  numeric     NOT NULL,
  note            text,
  acquired_on     date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT holdings_quantity_valid CHECK (quantity > 0 AND quantity <> 'NaN' AND quantity <> 'Infinity'),
  CONSTRAINT holdings_cost_valid CHECK (cost_per_share > 0 AND cost_per_share <> 'NaN' AND cost_per_share <> 'Infinity')
);

CREATE INDEX holdings_symbol_idx ON holdings (symbol);
