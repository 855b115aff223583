// Search rules: normalise the query, answer identical queries from the cache, limit each client,
// and turn a source failure into a typed 503 (429 when the client itself asks too often).
import { SEARCH_LIMITS, normalizeSearchQuery, type SearchResponse } from '@tickstream/shared';
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { SourceError } from '../sources/errors.ts';
import type { QuoteSource } from '../sources/types.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createTtlCache } from './ttl-cache.ts';

/** Distinct queries kept; each answer is at most SEARCH_LIMITS.maxResults short results. */
export const SEARCH_CACHE_ENTRIES = 2_000;

export interface SearchDeps {
  source: Pick<QuoteSource, 'search'>;
  logger: Logger;
  /** unix ms */
  now: () => number;
  config: { cacheSeconds: number; ratePerMinute: number };
}

export interface SearchService {
  /** `client` identifies the caller for the rate limit (its address). */
  search(query: string, client: string): Promise<SearchResponse>;
}

/** A 429 that tells the client when to come back (the route sets Retry-After from it). */
export class RateLimitedError extends HttpError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message: string) {
    super(429, 'SEARCH_RATE_LIMITED', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function createSearchService(deps: SearchDeps): SearchService {
  const cache = createTtlCache<SearchResponse['results']>({ maxEntries: SEARCH_CACHE_ENTRIES, ttlMs: deps.config.cacheSeconds * 1000, now: deps.now });
  const limiter = createRateLimiter({ perMinute: deps.config.ratePerMinute, now: deps.now });
  const log = deps.logger.child({ module: 'search' });

  return {
    async search(raw, client) {
      const query = normalizeSearchQuery(raw);
      const verdict = limiter.take(client);
      if (!verdict.ok) {
        throw new RateLimitedError(verdict.retryAfterSeconds, `At most ${deps.config.ratePerMinute} searches a minute; try again in ${verdict.retryAfterSeconds} s`);
      }
      try {
        const results = await cache.get(query, () => deps.source.search(query, SEARCH_LIMITS.maxResults));
        return { query, results };
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        log.warn({ code: err.code, err: err.message }, 'search failed at the quote source');
        throw new HttpError(503, 'SOURCE_UNAVAILABLE', `The quote source could not search now (${err.code}); try again shortly`, { cause: err });
      }
    },
  };
}
