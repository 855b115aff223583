// The one map of live messages, shared by the server (ws + SSE) and the browser.
// Client -> server messages are validated with zod on arrival; server -> client
// messages are validated by the browser client on arrival.
import * as z from 'zod/mini';
import { liveTickSchema, quoteInfoSchema, sourceStatusSchema, symbolCandleSchema, symbolSchema, tickSchema } from './market.ts';
import { watchlistChangeSchema } from './watchlists.ts';
import { alertEventSchema } from './alerts.ts';

export const streamPositionSchema = z.object({
  epoch: z.string().check(z.minLength(1), z.maxLength(64)),
  offset: z.number().check(z.int(), z.nonnegative()),
});
export type StreamPosition = z.infer<typeof streamPositionSchema>;

// ---- client -> server -------------------------------------------------------

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    symbols: z.array(symbolSchema).check(z.minLength(1)),
    resume: z.optional(streamPositionSchema),
  }),
  z.object({ type: z.literal('unsubscribe'), symbols: z.array(symbolSchema).check(z.minLength(1)) }),
  z.object({ type: z.literal('ping'), id: z.optional(z.union([z.string().check(z.maxLength(64)), z.number()])) }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---- server -> client -------------------------------------------------------

/**
 * Messages that go through the stream: each carries its offset. Their epoch is the connection's
 * (`welcome`, `resumed`): the server closes every connection (1012) when the epoch changes, so it is
 * not repeated on every message.
 */
export const publishedMessageSchema = z.discriminatedUnion('type', [
  /** What moved: the quote's other fields are in the snapshot and the symbol's latest `info`. */
  z.object({ type: z.literal('tick'), offset: z.int(), tick: liveTickSchema }),
  /** A symbol's quote info, sent when it changes (a new session, a pre/post-market trade); precedes the tick it applies to. */
  z.object({ type: z.literal('info'), offset: z.int(), info: quoteInfoSchema }),
  z.object({
    type: z.literal('candle'),
    offset: z.int(),
    candle: symbolCandleSchema,
  }),
  z.object({
    type: z.literal('status'),
    offset: z.int(),
    status: sourceStatusSchema,
  }),
  /**
   * A watchlist was created, changed or deleted (through any instance). Like `status`, it goes to
   * every subscribed client whatever symbols it follows.
   */
  z.object({
    type: z.literal('watchlists'),
    offset: z.int(),
    change: watchlistChangeSchema,
  }),
  /**
   * An alert fired (any symbol: every subscribed client gets it, like status). Positioned like a
   * tick, so a resumed client gets the ones it missed and never one twice; `event.attempts` is empty
   * and `event.delivery` pending or none at this point (GET /api/alerts/events has the outcome).
   */
  z.object({
    type: z.literal('alert'),
    offset: z.int(),
    event: alertEventSchema,
  }),
]);
export type PublishedMessage = z.infer<typeof publishedMessageSchema>;

export const ERROR_CODES = [
  'BAD_JSON',
  'BAD_MESSAGE',
  'UNKNOWN_SYMBOL',
  'TOO_MANY_SYMBOLS',
  /** subscribe: the quote source does not know a symbol (the message names it; `symbols` lists them) */
  'SYMBOL_NOT_FOUND',
  /** subscribe: following the symbol would pass MAX_SYMBOLS distinct symbols across the server */
  'SYMBOL_LIMIT_REACHED',
  'MESSAGE_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
  /** SSE only (WebSocket uses close code 4008): the stream ends because the client reads too slowly */
  'SLOW_CONSUMER',
  /** SSE only: the server ends the stream (shutdown, stream restart); reconnect with Last-Event-ID */
  'STREAM_CLOSED',
] as const;
/** The codes a WebSocket or SSE `error` message can carry: the schema refuses any other. */
export type ErrorCode = (typeof ERROR_CODES)[number];

export const controlMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    epoch: z.string(),
    offset: z.int(),
    /** the server's clock, unix ms */
    serverTimeMs: z.number(),
    watchlist: z.array(z.string()),
    limits: z.object({ maxSymbols: z.int(), maxPayload: z.int() }),
  }),
  z.object({ type: z.literal('subscribed'), symbols: z.array(z.string()) }),
  z.object({ type: z.literal('unsubscribed'), symbols: z.array(z.string()) }),
  z.object({
    type: z.literal('snapshot'),
    /** complete quotes (live part and info) */
    ticks: z.array(tickSchema),
    status: z.nullable(sourceStatusSchema),
  }),
  /** Answer to subscribe.resume: recovered=false means reload history. */
  z.object({
    type: z.literal('resumed'),
    recovered: z.boolean(),
    epoch: z.string(),
    offset: z.int(),
    replayed: z.int(),
  }),
  z.object({ type: z.literal('pong'), id: z.optional(z.union([z.string(), z.number()])), serverTimeMs: z.number() }),
  z.object({
    type: z.literal('error'),
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** the symbols a SYMBOL_NOT_FOUND or SYMBOL_LIMIT_REACHED error refers to */
    symbols: z.optional(z.array(z.string())),
  }),
]);

export const serverMessageSchema = z.union([publishedMessageSchema, controlMessageSchema]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ControlMessage = z.infer<typeof controlMessageSchema>;

/** A frame carries one message or an array of messages (a poll's batch). */
export const serverFrameSchema = z.union([serverMessageSchema, z.array(serverMessageSchema)]);

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const CLOSE_CODES = {
  slowConsumer: 4008,
  tooManyConnections: 4029,
  badOrigin: 4003,
  shuttingDown: 1001,
  /** a client message exceeded the payload limit (an `error` MESSAGE_TOO_LARGE precedes it) */
  messageTooBig: 1009,
  /** the client kept sending more than the message rate allows (one RATE_LIMITED error precedes it) */
  policyViolation: 1008,
  /** the stream's history was lost (new epoch, or a gap): reconnect and resume (expect recovered:false) */
  streamRestarted: 1012,
} as const;

/** SSE event names mirror message types. */
export type SseEventName = ServerMessage['type'];
