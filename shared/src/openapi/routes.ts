// Every REST route the server mounts (backend/src/routes/index.ts), described once: parameters,
// bodies and answers point at the shared zod schemas, errors name codes from API_ERROR_CODES.
// document.ts turns this list into OpenAPI 3.1; nothing here repeats a field of a schema.
import type * as z from 'zod/mini';
import type { ApiErrorCode } from '../api-errors.ts';
import {
  healthResponseSchema,
  historyResponseSchema,
  holdingSchema,
  holdingsResponseSchema,
  portfolioResponseSchema,
  quotesResponseSchema,
} from '../api-responses.ts';
import { intervalSchema, symbolSchema } from '../market.ts';
import { rangeSchema, requestedAdjustmentSchema } from '../ranges.ts';
import { holdingInputSchema, holdingPatchSchema } from '../portfolio.ts';
import { DEFAULT_BENCHMARK, PORTFOLIO_RANGES, portfolioHistoryResponseSchema } from '../portfolio-history.ts';
import { searchResponseSchema } from '../search.ts';
import {
  watchlistAddSymbolSchema,
  watchlistCreateSchema,
  watchlistRenameSchema,
  watchlistReorderSchema,
  watchlistSchema,
  watchlistsResponseSchema,
} from '../watchlists.ts';
import {
  alertEventsResponseSchema,
  alertInputSchema,
  alertPatchSchema,
  alertSchema,
  alertsResponseSchema,
  alertTestResponseSchema,
  ALERT_LIMITS,
} from '../alerts.ts';

export interface ParamDoc {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description: string;
  /** a zod schema (its input side is documented), or a plain JSON Schema */
  schema: z.ZodMiniType | Record<string, unknown>;
}

export interface AnswerDoc {
  description: string;
  /** JSON body */
  json?: z.ZodMiniType;
  /** another media type, with its body described in words */
  media?: { type: string; description: string };
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: /api/portfolio/holdings/{id} */
  path: string;
  tag: 'market' | 'watchlists' | 'portfolio' | 'alerts' | 'live' | 'operations' | 'reference';
  summary: string;
  description?: string;
  params?: ParamDoc[];
  body?: z.ZodMiniType;
  /** the answers other than error bodies, by status */
  answers: Record<number, AnswerDoc>;
  /** error codes this route can answer with, besides EVERY_ROUTE_ERRORS */
  errors: ApiErrorCode[];
}

const symbolParam = (description: string): ParamDoc => ({ name: 'symbol', in: 'query', required: true, description, schema: symbolSchema });
const idParam: ParamDoc = { name: 'id', in: 'path', required: true, description: 'holding id, a positive whole number', schema: { type: 'string', pattern: '^[1-9][0-9]{0,9}$' } };
const alertIdParam: ParamDoc = { ...idParam, description: 'alert id, a positive whole number' };
const timeParam = (name: 'from' | 'to', edge: string): ParamDoc => ({
  name,
  in: 'query',
  description: `${edge} of the window: unix seconds, or an ISO 8601 date or date-time with a timezone (2024-05-01T13:30:00Z)`,
  schema: { type: 'string' },
});
const authorization: ParamDoc = {
  name: 'Authorization',
  in: 'header',
  description: '`Bearer <API_TOKEN>`, needed when API_TOKEN is set',
  schema: { type: 'string' },
};
function reference(path: string, summary: string, type: string): RouteDoc {
  return { method: 'get', path, tag: 'reference', summary, answers: { 200: { description: summary, media: { type, description: summary } } }, errors: [] };
}
const noStore = { 'Cache-Control': 'no-store' };

/** Codes of a write: guard, body, rules, store. */
const WRITE_ERRORS: ApiErrorCode[] = [
  'UNAUTHORIZED', 'CROSS_SITE_WRITE', 'BAD_JSON', 'BAD_BODY', 'INVALID_HOLDING', 'INVALID_VALUE',
  'BODY_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_CHARSET', 'UNSUPPORTED_ENCODING', 'CONFLICT', 'STORE_UNAVAILABLE',
];

const watchlistIdParam: ParamDoc = {
  name: 'id', in: 'path', required: true,
  description: 'watchlist id: 0 for the WATCHLIST env list (read-only), a positive whole number for a stored list',
  schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,9})$' },
};
const listSymbolParam: ParamDoc = { name: 'symbol', in: 'path', required: true, description: 'ticker symbol in Yahoo spelling, URL-encoded (%5EGSPC); case-insensitive', schema: symbolSchema };

/** Codes of a watchlist write besides the body's: guard, list, store. */
const WATCHLIST_WRITE_ERRORS: ApiErrorCode[] = [
  'UNAUTHORIZED', 'CROSS_SITE_WRITE', 'INVALID_ID', 'WATCHLIST_NOT_FOUND', 'WATCHLIST_READ_ONLY', 'CONFLICT', 'STORE_UNAVAILABLE',
];
const WATCHLIST_BODY_ERRORS: ApiErrorCode[] = [
  'BAD_JSON', 'BAD_BODY', 'INVALID_WATCHLIST', 'INVALID_VALUE', 'BODY_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UNSUPPORTED_CHARSET', 'UNSUPPORTED_ENCODING',
];
/** A symbol entering a list is checked with the quote source and counted against MAX_SYMBOLS. */
const NEW_SYMBOL_ERRORS: ApiErrorCode[] = ['SYMBOL_NOT_FOUND', 'SYMBOL_LIMIT_REACHED', 'SOURCE_UNAVAILABLE'];
/** Codes of an alert write: like a holding's, with the alert's own validation codes. */
const ALERT_WRITE_ERRORS: ApiErrorCode[] = [
  ...WRITE_ERRORS.filter((c) => c !== 'INVALID_HOLDING'), 'INVALID_ALERT', 'WEBHOOK_URL_REFUSED',
];

export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'get', path: '/api/history', tag: 'market',
    summary: 'Candles of one symbol over a time window or a chart range',
    description:
      'Without from/to or range: the default window of the interval ending now. `range` (1d … max) picks the window (1d: the exchange\'s day so far, or its last session; 5d: its last five weekdays) and, unless `interval` is given, its interval ' +
      '(1d→1m, 5d→5m, 1mo→1h, 6mo/ytd/1y→1d, 5y→1wk, max→1mo); it cannot be combined with from/to (RANGE_WITH_FROM_TO). ' +
      '1d, 1wk and 1mo bars come from stored daily bars (the exchange\'s trading days, back to the first trade date), today\'s forming bar from live 1-minute candles. ' +
      'Bars of 1h and more start at the session open in the exchange\'s time zone (crypto: UTC). ' +
      'A window holding more rows than HISTORY_MAX_ROWS allows is refused (WINDOW_TOO_LARGE), never cut; range=max answers the newest HISTORY_MAX_ROWS bars.',
    params: [
      symbolParam('ticker symbol in Yahoo spelling (AAPL, BTC-USD, ^GSPC); case-insensitive'),
      { name: 'interval', in: 'query', description: 'candle width (default 1m, or the range\'s interval)', schema: intervalSchema },
      { name: 'range', in: 'query', description: 'chart range ending now; not with from/to', schema: rangeSchema },
      { name: 'adjust', in: 'query', description: '1d/1wk/1mo prices: split (default, as Yahoo\'s chart) or split-dividend (total return, Yahoo adjusted close)', schema: requestedAdjustmentSchema },
      timeParam('from', 'start'),
      timeParam('to', 'end'),
    ],
    answers: { 200: { description: 'the candles, oldest first; `time` is the bucket start in unix seconds', json: historyResponseSchema } },
    errors: ['INVALID_SYMBOL', 'INVALID_INTERVAL', 'INVALID_TIME', 'INVALID_RANGE', 'INVALID_CHART_RANGE', 'RANGE_WITH_FROM_TO', 'INVALID_ADJUST', 'WINDOW_TOO_LARGE', 'STORE_UNAVAILABLE', ...NEW_SYMBOL_ERRORS],
  },
  {
    method: 'get', path: '/api/search', tag: 'market',
    summary: 'Find symbols by symbol or name',
    description: 'Served by the quote source (Yahoo search, or the simulated catalogue). Identical queries (after trimming, collapsing spaces and lower-casing) are answered from a server-side cache for SEARCH_CACHE_SECONDS; each client may search SEARCH_RATE_LIMIT times per minute (429 SEARCH_RATE_LIMITED with Retry-After beyond it).',
    params: [{ name: 'q', in: 'query', required: true, description: 'a symbol or part of a name, 1 to 64 characters', schema: { type: 'string', minLength: 1, maxLength: 64 } }],
    answers: { 200: { description: 'matches, best first', json: searchResponseSchema, headers: { 'Cache-Control': 'private, max-age=60' } } },
    errors: ['INVALID_QUERY', 'SEARCH_RATE_LIMITED', 'SOURCE_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/watchlists', tag: 'watchlists',
    summary: 'Every watchlist: the WATCHLIST env list first (read-only), then stored lists',
    answers: { 200: { description: 'the lists and their limits', json: watchlistsResponseSchema, headers: noStore } },
    errors: ['STORE_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/watchlists', tag: 'watchlists',
    summary: 'Create a list (empty, with symbols, or as a copy of another list)',
    description: 'Writes are accepted from this site (or ALLOWED_ORIGINS) and, when API_TOKEN is set, with the token. Every change is sent live to every open page as a `watchlists` message.',
    params: [authorization],
    body: watchlistCreateSchema,
    answers: { 201: { description: 'the stored list', json: watchlistSchema, headers: { Location: 'URL of the new list' } } },
    errors: [...WATCHLIST_WRITE_ERRORS, ...WATCHLIST_BODY_ERRORS, ...NEW_SYMBOL_ERRORS, 'TOO_MANY_WATCHLISTS', 'WATCHLIST_NAME_TAKEN', 'WATCHLIST_FULL'],
  },
  {
    method: 'get', path: '/api/watchlists/{id}', tag: 'watchlists',
    summary: 'One list',
    params: [watchlistIdParam],
    answers: { 200: { description: 'the list', json: watchlistSchema, headers: noStore } },
    errors: ['INVALID_ID', 'WATCHLIST_NOT_FOUND', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'patch', path: '/api/watchlists/{id}', tag: 'watchlists',
    summary: 'Rename a list',
    params: [watchlistIdParam, authorization],
    body: watchlistRenameSchema,
    answers: { 200: { description: 'the list as stored now', json: watchlistSchema } },
    errors: [...WATCHLIST_WRITE_ERRORS, ...WATCHLIST_BODY_ERRORS, 'WATCHLIST_NAME_TAKEN'],
  },
  {
    method: 'delete', path: '/api/watchlists/{id}', tag: 'watchlists',
    summary: 'Delete a list',
    params: [watchlistIdParam, authorization],
    answers: { 204: { description: 'deleted' } },
    errors: WATCHLIST_WRITE_ERRORS,
  },
  {
    method: 'post', path: '/api/watchlists/{id}/symbols', tag: 'watchlists',
    summary: 'Add a symbol to a list (at the end, or at a position)',
    description: 'The symbol is checked with the quote source; adding one already in the list changes nothing.',
    params: [watchlistIdParam, authorization],
    body: watchlistAddSymbolSchema,
    answers: { 200: { description: 'the list as stored now', json: watchlistSchema } },
    errors: [...WATCHLIST_WRITE_ERRORS, ...WATCHLIST_BODY_ERRORS, ...NEW_SYMBOL_ERRORS, 'WATCHLIST_FULL'],
  },
  {
    method: 'put', path: '/api/watchlists/{id}/symbols', tag: 'watchlists',
    summary: "Reorder a list: send its symbols in the new order",
    params: [watchlistIdParam, authorization],
    body: watchlistReorderSchema,
    answers: { 200: { description: 'the list as stored now', json: watchlistSchema } },
    errors: [...WATCHLIST_WRITE_ERRORS, ...WATCHLIST_BODY_ERRORS, 'WATCHLIST_ORDER_MISMATCH'],
  },
  {
    method: 'delete', path: '/api/watchlists/{id}/symbols/{symbol}', tag: 'watchlists',
    summary: 'Remove a symbol from a list',
    params: [watchlistIdParam, listSymbolParam, authorization],
    answers: { 200: { description: 'the list as stored now (unchanged when the symbol was not in it)', json: watchlistSchema } },
    errors: [...WATCHLIST_WRITE_ERRORS, 'INVALID_SYMBOL'],
  },
  {
    method: 'get', path: '/api/quotes', tag: 'market',
    summary: 'The latest quote of every polled symbol and the source status',
    description: 'Served from live memory while the database is away.',
    answers: { 200: { description: 'latest tick per symbol', json: quotesResponseSchema, headers: noStore } },
    errors: [],
  },
  {
    method: 'get', path: '/api/health', tag: 'operations',
    summary: 'Health of the database and the quote source',
    answers: {
      200: { description: 'ok or degraded', json: healthResponseSchema, headers: noStore },
      503: { description: 'down: the database is unreachable and there is no live data', json: healthResponseSchema, headers: noStore },
    },
    errors: [],
  },
  {
    method: 'get', path: '/api/portfolio', tag: 'portfolio',
    summary: 'Holdings valued at the latest quotes, with totals per currency',
    answers: { 200: { description: 'the valuation', json: portfolioResponseSchema, headers: noStore } },
    errors: ['STORE_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/portfolio/history', tag: 'portfolio',
    summary: 'The value of the holdings over a range, against a benchmark, both as %',
    description:
      'Read from the stored bars: each holding counts from its acquiredOn day (UTC), a missing bar carries the last close forward. ' +
      'The % line is a time-weighted return (buying a holding is not a gain); the benchmark is % change from its first close. ' +
      'Only base-currency (USD) holdings are valued; the others are listed in excluded. The benchmark is followed (polled) from then on.',
    params: [
      { name: 'range', in: 'query', description: `one of ${PORTFOLIO_RANGES.join(', ')} (default 1m)`, schema: { type: 'string', enum: [...PORTFOLIO_RANGES] } },
      { name: 'benchmark', in: 'query', description: `ticker symbol to compare with (default ${DEFAULT_BENCHMARK})`, schema: symbolSchema },
    ],
    answers: { 200: { description: 'the value and benchmark series', json: portfolioHistoryResponseSchema, headers: noStore } },
    errors: ['INVALID_RANGE', 'INVALID_SYMBOL', 'SYMBOL_NOT_FOUND', 'SYMBOL_LIMIT_REACHED', 'SOURCE_UNAVAILABLE', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/portfolio/holdings', tag: 'portfolio',
    summary: 'Holdings as stored',
    answers: { 200: { description: 'every holding, by id', json: holdingsResponseSchema, headers: noStore } },
    errors: ['STORE_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/portfolio/holdings', tag: 'portfolio',
    summary: 'Add a holding',
    description: 'Quantities and costs are sent as JSON numbers or decimal strings and stored exactly. Writes are accepted from this site (or ALLOWED_ORIGINS) and, when API_TOKEN is set, with the token.',
    params: [authorization],
    body: holdingInputSchema,
    answers: { 201: { description: 'the stored holding', json: holdingSchema, headers: { Location: 'URL of the new holding' } } },
    errors: [...WRITE_ERRORS, 'TOO_MANY_HOLDINGS', ...NEW_SYMBOL_ERRORS],
  },
  {
    method: 'put', path: '/api/portfolio/holdings/{id}', tag: 'portfolio',
    summary: 'Change some fields of a holding',
    params: [idParam, authorization],
    body: holdingPatchSchema,
    answers: { 200: { description: 'the holding as stored now', json: holdingSchema } },
    errors: [...WRITE_ERRORS, 'BAD_REQUEST', 'INVALID_ID', 'HOLDING_NOT_FOUND', ...NEW_SYMBOL_ERRORS],
  },
  {
    method: 'delete', path: '/api/portfolio/holdings/{id}', tag: 'portfolio',
    summary: 'Remove a holding',
    params: [idParam, authorization],
    answers: { 204: { description: 'removed' } },
    errors: ['UNAUTHORIZED', 'CROSS_SITE_WRITE', 'BAD_REQUEST', 'INVALID_ID', 'HOLDING_NOT_FOUND', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/alerts', tag: 'alerts',
    summary: 'Price alerts with their status',
    answers: { 200: { description: 'every alert, by id', json: alertsResponseSchema, headers: noStore } },
    errors: ['STORE_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/alerts', tag: 'alerts',
    summary: 'Create a price alert',
    description: 'Only symbol and condition are needed. The alert fires when the condition becomes true (a crossing), never merely while it holds; its symbol is polled while it is enabled. Writes are guarded like the portfolio (same site or ALLOWED_ORIGINS, API_TOKEN when set).',
    params: [authorization],
    body: alertInputSchema,
    answers: { 201: { description: 'the stored alert', json: alertSchema, headers: { Location: 'URL of the new alert' } } },
    errors: [...ALERT_WRITE_ERRORS, 'TOO_MANY_ALERTS'],
  },
  {
    method: 'get', path: '/api/alerts/events', tag: 'alerts',
    summary: 'Fired alerts with their webhook deliveries',
    description: `Without since: the newest events first (page back with before). With since (an event id): the events after it, oldest first. limit: 1 to ${ALERT_LIMITS.maxEventsLimit}, default ${ALERT_LIMITS.defaultEventsLimit}.`,
    params: [
      { name: 'since', in: 'query', description: 'event id: only events after it, oldest first', schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'before', in: 'query', description: 'event id: only events before it, newest first', schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'limit', in: 'query', description: 'events per page', schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'alertId', in: 'query', description: "only this alert's events", schema: { type: 'string', pattern: '^[0-9]+$' } },
    ],
    answers: { 200: { description: 'a page of events', json: alertEventsResponseSchema, headers: noStore } },
    errors: ['BAD_REQUEST', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'patch', path: '/api/alerts/{id}', tag: 'alerts',
    summary: 'Change some fields of an alert',
    description: 'A new symbol or condition, or enabling it again, re-arms it (from the next price seen).',
    params: [alertIdParam, authorization],
    body: alertPatchSchema,
    answers: { 200: { description: 'the alert as stored now', json: alertSchema } },
    errors: [...ALERT_WRITE_ERRORS, 'INVALID_ID', 'ALERT_NOT_FOUND'],
  },
  {
    method: 'delete', path: '/api/alerts/{id}', tag: 'alerts',
    summary: 'Remove an alert and its events',
    params: [alertIdParam, authorization],
    answers: { 204: { description: 'removed' } },
    errors: ['UNAUTHORIZED', 'CROSS_SITE_WRITE', 'INVALID_ID', 'ALERT_NOT_FOUND', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'post', path: '/api/alerts/{id}/test', tag: 'alerts',
    summary: "Send a test body to the alert's webhook",
    description: 'One attempt (5 s timeout, no retries), in the alert\'s format and marked as a test; the answer says how it went. Not stored as an event.',
    params: [alertIdParam, authorization],
    answers: { 200: { description: 'the attempt and its outcome', json: alertTestResponseSchema } },
    errors: ['UNAUTHORIZED', 'CROSS_SITE_WRITE', 'INVALID_ID', 'ALERT_NOT_FOUND', 'NO_WEBHOOK', 'STORE_UNAVAILABLE'],
  },
  {
    method: 'get', path: '/api/stream', tag: 'live',
    summary: 'Live ticks, candles and status as Server-Sent Events',
    description: 'Each event is named after its message type and carries one JSON message; ticks, candles and status carry `id:` (their stream offset). The messages, SSE events and close rules are in /api/asyncapi.json and on /api/docs.',
    params: [
      { name: 'symbols', in: 'query', required: true, description: 'comma-separated ticker symbols, at most WS_MAX_SYMBOLS', schema: { type: 'string' } },
      { name: 'Last-Event-ID', in: 'header', description: 'resume after this stream offset (browsers send it on reconnect)', schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'lastEventId', in: 'query', description: 'the same, for clients that cannot set headers', schema: { type: 'string', pattern: '^[0-9]+$' } },
      { name: 'epoch', in: 'query', description: 'the epoch the offset belongs to (default: the current one)', schema: { type: 'string' } },
    ],
    answers: { 200: { description: 'the event stream; it stays open', media: { type: 'text/event-stream', description: 'SSE events: see the live protocol' } } },
    errors: ['BAD_REQUEST', 'ORIGIN_NOT_ALLOWED', 'UNKNOWN_SYMBOL', 'TOO_MANY_SYMBOLS', 'TOO_MANY_CONNECTIONS'],
  },
  {
    method: 'get', path: '/ws', tag: 'live',
    summary: 'The WebSocket endpoint (an HTTP upgrade)',
    description: 'Send `Upgrade: websocket`; the messages, close codes and errors after the switch are in /api/asyncapi.json and on /api/docs. A refused upgrade answers with the error body and closes the connection; an upgrade to any other path answers 404 NOT_FOUND.',
    answers: { 101: { description: 'switched to the WebSocket protocol' } },
    errors: ['ORIGIN_NOT_ALLOWED', 'SHUTTING_DOWN'],
  },
  {
    method: 'get', path: '/metrics', tag: 'operations',
    summary: 'Prometheus metrics',
    answers: { 200: { description: 'the Prometheus text exposition format', media: { type: 'text/plain', description: 'Prometheus text format 0.0.4' } } },
    errors: [],
  },
  reference('/api/openapi.json', 'This document (OpenAPI 3.1)', 'application/json'),
  reference('/api/asyncapi.json', 'The live protocol (AsyncAPI 3.0): WebSocket /ws and SSE /api/stream', 'application/json'),
  reference('/api/docs', 'This reference as an HTML page', 'text/html'),
];
