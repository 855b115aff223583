// Picks the quote source from config. Tests inject `fetch` (fixtures) and `now` (fake clock).
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { createSimulatedSource } from './simulated/source.ts';
import { createSkipRecorder } from './skips.ts';
import type { QuoteSource } from './types.ts';
import type { FetchLike } from './yahoo/fetch.ts';
import { createYahooSource } from './yahoo/source.ts';

export interface SourceOptions {
  /** defaults to the global fetch (with YAHOO_TIMEOUT_SECONDS applied per request) */
  fetch?: FetchLike;
  /** unix ms; defaults to Date.now */
  now?: () => number;
  /** counts skipped values in tickstream_skipped_values_total when given */
  metrics?: Pick<Metrics, 'skippedValues'>;
}

export function createSource(config: Config['source'], logger: Logger, options: SourceOptions = {}): QuoteSource {
  const now = options.now ?? Date.now;
  if (config.kind === 'simulated') return createSimulatedSource(config, { now });
  const skips = createSkipRecorder(logger.child({ module: 'source' }), options.metrics?.skippedValues);
  return createYahooSource(config, logger, { fetch: options.fetch ?? ((input, init) => fetch(input, init)), now, skips });
}

export { SourceError, type SourceErrorCode } from './errors.ts';
export type { QuoteSource, QuoteBatch, SymbolProblem, BarRequest, SymbolLookup } from './types.ts';
