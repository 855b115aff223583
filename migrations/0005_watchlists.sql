-- Watchlists edited in the page (issue 16), and the symbols pages are viewing now.
--
-- A list's symbols are rows with a position; (watchlist_id, position) is unique but checked at
-- commit (DEFERRABLE), so a reorder rewrites every position in one transaction without tripping
-- over itself. The rules the API states are CHECKs too, so a bad row cannot come in another way:
-- names 1..60 characters without surrounding spaces and unique ignoring case, symbols in the one
-- symbol form (shared/src/symbols.ts), positions from 0.

CREATE TABLE watchlists (
  id          integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT watchlists_name_valid CHECK (char_length(name) BETWEEN 1 AND 60 AND name = btrim(name))
);

CREATE UNIQUE INDEX watchlists_name_key ON watchlists (lower(name));

CREATE TABLE watchlist_symbols (
  watchlist_id  integer NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
  symbol        text    NOT NULL,
  position      integer NOT NULL,
  PRIMARY KEY (watchlist_id, symbol),
  CONSTRAINT watchlist_symbols_position_key UNIQUE (watchlist_id, position) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT watchlist_symbols_symbol_valid CHECK (symbol ~ '^\^?[A-Z0-9][A-Z0-9.=-]{0,19}$'),
  CONSTRAINT watchlist_symbols_position_valid CHECK (position >= 0 AND position < 1000)
);

-- The poller's union reads every listed symbol.
CREATE INDEX watchlist_symbols_symbol_idx ON watchlist_symbols (symbol);

-- Symbols some page follows live (any instance), polled until viewed_until: each instance renews
-- the symbols its clients follow, so a symbol nobody views any more drops out after the grace period.
CREATE TABLE viewed_symbols (
  symbol        text        PRIMARY KEY,
  viewed_until  timestamptz NOT NULL,
  CONSTRAINT viewed_symbols_symbol_valid CHECK (symbol ~ '^\^?[A-Z0-9][A-Z0-9.=-]{0,19}$')
);
