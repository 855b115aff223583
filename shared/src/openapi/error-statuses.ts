// The HTTP status each REST error code is answered with. The server decides statuses where it raises
// an error (HttpError) and in backend/src/http/error-response.ts; this table is what the OpenAPI
// document states, and the contract tests (backend/test/support/contract.ts) fail on any answer
// whose code comes with another status. A code added to API_ERROR_CODES fails type checking here
// until it has a status.
import type { ApiErrorCode } from '../api-errors.ts';

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  INVALID_SYMBOL: 400,
  INVALID_INTERVAL: 400,
  INVALID_TIME: 400,
  INVALID_RANGE: 400,
  WINDOW_TOO_LARGE: 400,
  INVALID_CHART_RANGE: 400,
  RANGE_WITH_FROM_TO: 400,
  INVALID_ADJUST: 400,
  INVALID_HOLDING: 400,
  INVALID_ID: 400,
  UNKNOWN_SYMBOL: 400,
  TOO_MANY_SYMBOLS: 400,
  INVALID_ALERT: 400,
  WEBHOOK_URL_REFUSED: 400,
  BAD_BODY: 400,
  INVALID_VALUE: 400,
  INVALID_WATCHLIST: 400,
  INVALID_QUERY: 400,
  UNAUTHORIZED: 401,
  CROSS_SITE_WRITE: 403,
  ORIGIN_NOT_ALLOWED: 403,
  HOST_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  HOLDING_NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_HOLDINGS: 409,
  SYMBOL_NOT_FOUND: 404,
  SYMBOL_LIMIT_REACHED: 409,
  WATCHLIST_NOT_FOUND: 404,
  WATCHLIST_READ_ONLY: 409,
  WATCHLIST_NAME_TAKEN: 409,
  TOO_MANY_WATCHLISTS: 409,
  WATCHLIST_FULL: 409,
  WATCHLIST_ORDER_MISMATCH: 409,
  SEARCH_RATE_LIMITED: 429,
  ALERT_NOT_FOUND: 404,
  TOO_MANY_ALERTS: 409,
  NO_WEBHOOK: 409,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  UNSUPPORTED_ENCODING: 415,
  TOO_MANY_CONNECTIONS: 429,
  STORE_UNAVAILABLE: 503,
  SOURCE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

/** The answer of every request: a refused Host header, or what the server did not expect. */
export const EVERY_ROUTE_ERRORS: readonly ApiErrorCode[] = ['HOST_NOT_ALLOWED', 'INTERNAL'];
