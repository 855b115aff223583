// Search wire contract: what GET /api/search?q= accepts and returns. Results come from the quote
// source (Yahoo's search endpoint, or the simulated market's own catalogue), reduced to the few
// fields a search box shows; the server caches identical normalised queries and rate-limits clients.
import * as z from 'zod/mini';

export const SEARCH_LIMITS = {
  /** characters of a query after trimming */
  minQueryLength: 1,
  maxQueryLength: 64,
  /** results per answer */
  maxResults: 10,
} as const;

/**
 * Instrument kinds as Yahoo names them (`quoteType`); anything else the source reports is OTHER,
 * so a new Yahoo kind never breaks the browser's validation.
 */
export const INSTRUMENT_TYPES = ['EQUITY', 'ETF', 'MUTUALFUND', 'INDEX', 'CRYPTOCURRENCY', 'CURRENCY', 'FUTURE', 'OPTION', 'OTHER'] as const;
export const instrumentTypeSchema = z.enum(INSTRUMENT_TYPES);
export type InstrumentType = z.infer<typeof instrumentTypeSchema>;

/** `q` as sent: trimmed, 1..64 characters; case and inner spaces are normalised by the server for its cache. */
export const searchQuerySchema = z.object({
  q: z.string('is required').check(
    z.trim(),
    z.minLength(SEARCH_LIMITS.minQueryLength, 'must not be empty'),
    z.maxLength(SEARCH_LIMITS.maxQueryLength, `must be at most ${SEARCH_LIMITS.maxQueryLength} characters`),
    z.describe(`what to look for: a symbol or part of a name ("apple", "btc"), ${SEARCH_LIMITS.minQueryLength} to ${SEARCH_LIMITS.maxQueryLength} characters`),
  ),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchResultSchema = z.object({
  /** Yahoo spelling, upper case: AAPL, BTC-USD, ^GSPC — what /symbol/{symbol} and the watchlist API take */
  symbol: z.string(),
  /** the instrument's name (long name when the source has one); null when it has none */
  name: z.nullable(z.string()),
  /** where it trades, as displayed ("NASDAQ", "CCC", "NYSEArca"); null when unknown */
  exchange: z.nullable(z.string()),
  type: instrumentTypeSchema,
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const searchResponseSchema = z.object({
  /** the query as the server understood it (trimmed, inner spaces collapsed, lower case) */
  query: z.string(),
  /** best match first, at most SEARCH_LIMITS.maxResults */
  results: z.array(searchResultSchema),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

/** The server's cache key for a query: trimmed, inner whitespace collapsed, lower case. */
export function normalizeSearchQuery(q: string): string {
  return q.trim().replace(/\s+/g, ' ').toLowerCase();
}
