// The one list of error codes the REST API answers with, shared by the server (which emits them)
// and the browser's fetch helper (which understands them). Every error body is
// `{ error: { code, message, fields? } }`; the HTTP status for each code is decided on the server.
import * as z from 'zod/mini';

export const API_ERROR_CODES = [
  // 400: the request is wrong
  'BAD_REQUEST',
  'BAD_JSON',
  'INVALID_SYMBOL',
  'INVALID_INTERVAL',
  'INVALID_TIME',
  'INVALID_RANGE',
  'WINDOW_TOO_LARGE',
  /** GET /api/history: `range` is not one of RANGES */
  'INVALID_CHART_RANGE',
  /** GET /api/history: `range` and `from`/`to` both given (a range is its own window) */
  'RANGE_WITH_FROM_TO',
  /** GET /api/history: `adjust` is not split or split-dividend */
  'INVALID_ADJUST',
  'INVALID_HOLDING',
  'INVALID_ID',
  'UNKNOWN_SYMBOL',
  'TOO_MANY_SYMBOLS',
  /** an alert field is wrong (fields names which) */
  'INVALID_ALERT',
  /** the webhook URL is not http(s), or it (or an address its name resolves to) is link-local or a cloud metadata service */
  'WEBHOOK_URL_REFUSED',
  /** the body could not be read: truncated, or not the compression it claims */
  'BAD_BODY',
  /** the database refused a value (a data exception or a constraint) */
  'INVALID_VALUE',
  /** a watchlist body is wrong (name, symbols, copyFrom, position) */
  'INVALID_WATCHLIST',
  /** GET /api/search: q missing, empty or too long */
  'INVALID_QUERY',
  // 401 / 403: who is asking, from where
  'UNAUTHORIZED',
  'CROSS_SITE_WRITE',
  'ORIGIN_NOT_ALLOWED',
  'HOST_NOT_ALLOWED',
  // 404 / 409 / 413 / 415 / 429
  'NOT_FOUND',
  'HOLDING_NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_HOLDINGS',
  /** the quote source does not know this symbol (history, quotes, watchlist adds); search for it instead */
  'SYMBOL_NOT_FOUND',
  /** following one more symbol would pass MAX_SYMBOLS (distinct symbols across lists, holdings, alerts, viewed) */
  'SYMBOL_LIMIT_REACHED',
  'WATCHLIST_NOT_FOUND',
  /** the WATCHLIST env list cannot be changed through the API; copy it (POST /api/watchlists copyFrom "env") */
  'WATCHLIST_READ_ONLY',
  'WATCHLIST_NAME_TAKEN',
  /** more than WATCHLIST_LIMITS.maxLists stored lists */
  'TOO_MANY_WATCHLISTS',
  /** more than WATCHLIST_LIMITS.maxSymbolsPerList symbols in one list */
  'WATCHLIST_FULL',
  /** a reorder did not hold exactly the list's current symbols (it changed meanwhile) */
  'WATCHLIST_ORDER_MISMATCH',
  /** too many searches from this client; Retry-After says when to try again */
  'SEARCH_RATE_LIMITED',
  'ALERT_NOT_FOUND',
  /** MAX_ALERTS alerts exist already */
  'TOO_MANY_ALERTS',
  /** a test delivery was asked for an alert with no webhook URL and no ALERT_WEBHOOK_URL */
  'NO_WEBHOOK',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNSUPPORTED_CHARSET',
  'UNSUPPORTED_ENCODING',
  'TOO_MANY_CONNECTIONS',
  // 5xx: the server's side
  'STORE_UNAVAILABLE',
  /** the quote source failed (down, rate-limited, timed out) while searching or checking a symbol */
  'SOURCE_UNAVAILABLE',
  'SHUTTING_DOWN',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** per-field messages of a validation error, keyed by field name */
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
