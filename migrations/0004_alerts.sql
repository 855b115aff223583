-- Price alerts (issue #15): the alerts, their arm state, their firings and each webhook attempt.
-- Plain PostgreSQL (server, PGlite, TimescaleDB alike). The condition is kept in typed columns so
-- CHECKs can hold its numbers: 'NaN' > 0 is true in PostgreSQL, so NaN and Infinity are spelt out.

CREATE TABLE alerts (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  symbol            text             NOT NULL,
  condition_type    text             NOT NULL,
  -- the level (price_*), the percent (change_percent_*, move_percent); null for SMA conditions
  value             double precision,
  window_minutes    integer,
  direction         text,
  period            integer,
  sma_interval      text,
  repeat            text             NOT NULL DEFAULT 'once',
  cooldown_seconds  integer          NOT NULL DEFAULT 0,
  market_hours      text             NOT NULL DEFAULT 'regular',
  enabled           boolean          NOT NULL DEFAULT true,
  note              text,
  webhook_url       text,
  webhook_format    text             NOT NULL DEFAULT 'generic',
  -- bumped by every edit that changes what fires; arm state of an older revision is void
  revision          integer          NOT NULL DEFAULT 1,
  created_at        timestamptz      NOT NULL DEFAULT now(),
  updated_at        timestamptz      NOT NULL DEFAULT now(),
  CONSTRAINT alerts_symbol_valid CHECK (symbol ~ '^\^?[A-Z0-9][A-Z0-9.=-]{0,19}$'),
  CONSTRAINT alerts_condition_type_known CHECK (condition_type IN (
    'price_above', 'price_below', 'change_percent_above', 'change_percent_below', 'move_percent', 'sma_cross_above', 'sma_cross_below'
  )),
  CONSTRAINT alerts_value_finite CHECK (value IS NULL OR (value <> 'NaN' AND value <> 'Infinity' AND value <> '-Infinity')),
  CONSTRAINT alerts_price_level_valid CHECK (
    condition_type NOT IN ('price_above', 'price_below') OR (value IS NOT NULL AND value > 0 AND value <= 1e12)
  ),
  CONSTRAINT alerts_change_percent_valid CHECK (
    condition_type NOT IN ('change_percent_above', 'change_percent_below') OR (value IS NOT NULL AND value BETWEEN -10000 AND 10000)
  ),
  CONSTRAINT alerts_move_valid CHECK (
    condition_type <> 'move_percent' OR (
      value IS NOT NULL AND value > 0 AND value <= 10000
      AND window_minutes BETWEEN 1 AND 1440
      AND direction IN ('up', 'down', 'either')
    )
  ),
  CONSTRAINT alerts_sma_valid CHECK (
    condition_type NOT IN ('sma_cross_above', 'sma_cross_below') OR (period BETWEEN 2 AND 500 AND sma_interval IN ('1m', '1h', '1d'))
  ),
  CONSTRAINT alerts_repeat_known CHECK (repeat IN ('once', 'every')),
  CONSTRAINT alerts_cooldown_valid CHECK (cooldown_seconds BETWEEN 0 AND 2592000),
  CONSTRAINT alerts_market_hours_known CHECK (market_hours IN ('regular', 'extended', 'any')),
  CONSTRAINT alerts_webhook_url_http CHECK (webhook_url IS NULL OR (webhook_url ~ '^https?://' AND length(webhook_url) <= 2000)),
  CONSTRAINT alerts_webhook_format_known CHECK (webhook_format IN ('generic', 'ntfy', 'discord', 'slack')),
  CONSTRAINT alerts_note_length CHECK (note IS NULL OR length(note) <= 500)
);

CREATE INDEX alerts_symbol_idx ON alerts (symbol) WHERE enabled;

-- Written by the evaluating instance (the poller lock holder) only when the state changes.
CREATE TABLE alert_state (
  alert_id        integer     PRIMARY KEY REFERENCES alerts (id) ON DELETE CASCADE,
  -- the alerts.revision this state belongs to
  revision        integer     NOT NULL,
  -- true: the condition was false at the last price seen, so it fires when it becomes true;
  -- null: no price seen yet
  armed           boolean,
  -- repeat 'once' has fired
  done            boolean     NOT NULL DEFAULT false,
  cooldown_until  timestamptz,
  last_fired_at   timestamptz,
  fire_count      integer     NOT NULL DEFAULT 0 CHECK (fire_count >= 0)
);

CREATE TABLE alert_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id         integer          NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  symbol           text             NOT NULL,
  -- the condition as it was when it fired (the wire shape)
  condition        jsonb            NOT NULL,
  note             text,
  price            double precision NOT NULL,
  observed         double precision,
  tick_time        timestamptz      NOT NULL,
  fired_at         timestamptz      NOT NULL DEFAULT now(),
  -- where to deliver, decided when it fired (the alert's URL or ALERT_WEBHOOK_URL); null: nowhere
  webhook_url      text,
  webhook_format   text             NOT NULL DEFAULT 'generic',
  delivery         text             NOT NULL,
  -- the delivery outbox: a pending event is (re)tried from this time on by the evaluating instance
  next_attempt_at  timestamptz,
  -- one firing per alert and triggering tick, whichever instance evaluates it
  CONSTRAINT alert_events_once_per_tick UNIQUE (alert_id, tick_time),
  CONSTRAINT alert_events_price_valid CHECK (price > 0 AND price <> 'NaN' AND price <> 'Infinity'),
  CONSTRAINT alert_events_observed_finite CHECK (
    observed IS NULL OR (observed <> 'NaN' AND observed <> 'Infinity' AND observed <> '-Infinity')
  ),
  CONSTRAINT alert_events_delivery_known CHECK (delivery IN ('none', 'pending', 'delivered', 'failed')),
  CONSTRAINT alert_events_pending_has_target CHECK (delivery <> 'pending' OR (webhook_url IS NOT NULL AND next_attempt_at IS NOT NULL)),
  CONSTRAINT alert_events_webhook_format_known CHECK (webhook_format IN ('generic', 'ntfy', 'discord', 'slack'))
);

CREATE INDEX alert_events_outbox_idx ON alert_events (next_attempt_at) WHERE delivery = 'pending';
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id);

CREATE TABLE alert_deliveries (
  event_id     bigint           NOT NULL REFERENCES alert_events (id) ON DELETE CASCADE,
  attempt      integer          NOT NULL CHECK (attempt >= 1),
  at           timestamptz      NOT NULL,
  outcome      text             NOT NULL,
  http_status  integer,
  error        text,
  duration_ms  double precision NOT NULL,
  PRIMARY KEY (event_id, attempt),
  CONSTRAINT alert_deliveries_outcome_known CHECK (outcome IN ('delivered', 'http_error', 'timeout', 'network_error', 'refused')),
  CONSTRAINT alert_deliveries_status_valid CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
  CONSTRAINT alert_deliveries_duration_valid CHECK (duration_ms >= 0 AND duration_ms <> 'NaN' AND duration_ms <> 'Infinity')
);
