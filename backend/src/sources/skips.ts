// Counts every value dropped as invalid and logs it once per (kind, symbol), so a symbol that
// sends garbage every poll produces one log line and a rising counter, not a log flood.
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';

export type SkipKind =
  | 'missing_price'
  | 'non_finite_price'
  | 'non_positive_price'
  | 'bad_time'
  | 'future_time'
  | 'stale_time'
  | 'null_bar'
  | 'inconsistent_bar'
  | 'bad_volume'
  | 'duplicate_bar'
  | 'invalid_field'
  | 'unknown_market_state'
  | 'unexpected_symbol'
  | 'schema_mismatch'
  | 'malformed_chart';

export interface SkipSink {
  /** A value was dropped (or replaced by null) because it was invalid. */
  skip(kind: SkipKind, symbol: string, detail: string): void;
  /** Something odd but harmless happened (e.g. bars arrived out of order and were sorted). */
  notice(kind: string, symbol: string, detail: string): void;
}

/** Bounded by (#kinds x #symbols): the set only remembers which pairs were already logged. */
export function createSkipRecorder(logger: Logger, counter?: Metrics['skippedValues']): SkipSink {
  const logged = new Set<string>();
  const once = (kind: string, symbol: string, log: () => void) => {
    const key = `${kind}\u0000${symbol}`;
    if (logged.has(key)) return;
    logged.add(key);
    log();
  };
  return {
    skip(kind, symbol, detail) {
      counter?.inc({ kind });
      once(kind, symbol, () =>
        logger.warn({ kind, symbol, detail }, 'skipped an invalid value from the quote source (logged once per kind and symbol; see tickstream_skipped_values_total)'),
      );
    },
    notice(kind, symbol, detail) {
      once(kind, symbol, () => logger.info({ kind, symbol, detail }, 'quote source oddity handled (logged once per kind and symbol)'));
    },
  };
}
