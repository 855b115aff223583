import * as z from 'zod/mini';
import { SYMBOL_PATTERN } from './symbols.ts';
import type { Adjustment, Range } from './ranges.ts';

export const symbolSchema = z
  .pipe(
    z.pipe(z.string(), z.transform((s) => s.trim().toUpperCase())),
    z.string().check(z.regex(SYMBOL_PATTERN, 'is not a ticker symbol')),
  )
  .check(z.describe('ticker symbol in Yahoo spelling (AAPL, BTC-USD, ^GSPC), upper-cased on arrival'));

export const INTERVALS = ['1m', '5m', '15m', '1h', '1d', '1wk', '1mo'] as const;
export const intervalSchema = z.enum(INTERVALS);
export type Interval = z.infer<typeof intervalSchema>;
/**
 * Nominal width of a bar. Exact up to 1wk; a month is calendar-sized, so `1mo` is 31 days (the
 * longest month: row-cap arithmetic stays conservative). Bucket a `1mo` time by calendar month,
 * never by this width.
 */
export const INTERVAL_SECONDS: Record<Interval, number> = {
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '1h': 3600,
  '1d': 86400,
  '1wk': 7 * 86400,
  '1mo': 31 * 86400,
};
/** Intervals served from stored daily bars (exchange trading days), not from 1-minute candles. */
export const DAILY_INTERVALS = ['1d', '1wk', '1mo'] as const satisfies readonly Interval[];
export const isDailyInterval = (i: Interval): i is (typeof DAILY_INTERVALS)[number] => (DAILY_INTERVALS as readonly Interval[]).includes(i);

export const MARKET_STATES = ['PRE', 'REGULAR', 'POST', 'CLOSED'] as const;
export const marketStateSchema = z.enum(MARKET_STATES);
export type MarketState = z.infer<typeof marketStateSchema>;

const price = z.number().check(z.positive());

const optionalPrice = z.optional(z.nullable(price));
const optionalNumber = z.optional(z.nullable(z.number()));

/**
 * What moves with every quote: the live `tick` message carries only this (the rest of a quote, its
 * `QuoteInfo`, travels in the snapshot and in an `info` message when it changes).
 * `time` is unix seconds (the quote's own market time).
 */
export const liveTickSchema = z.object({
  symbol: symbolSchema,
  time: z.int(),
  price,
  change: z.nullable(z.number()),
  changePercent: z.nullable(z.number()),
  dayHigh: z.nullable(price),
  dayLow: z.nullable(price),
  dayVolume: z.nullable(z.number().check(z.nonnegative())),
  marketState: marketStateSchema,
});
export type LiveTick = z.infer<typeof liveTickSchema>;

/**
 * What a quote says that does not move with each trade: fixed for a session (name, currency,
 * previous close, open, 52-week range) or moving only outside regular hours (pre/post-market).
 * Fields after `name` are optional: ticks read back from the store do not carry them.
 */
export const quoteInfoSchema = z.object({
  symbol: symbolSchema,
  previousClose: z.nullable(price),
  currency: z.nullable(z.string()),
  source: z.string(),
  /** company or instrument name as the source reports it; not stored with each tick */
  name: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  /** exchange display name (NasdaqGS, CCC) */
  exchange: z.optional(z.nullable(z.string().check(z.maxLength(100)))),
  /** IANA time zone of the exchange (America/New_York) */
  timezone: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  /** the regular session's opening price */
  open: optionalPrice,
  fiftyTwoWeekHigh: optionalPrice,
  fiftyTwoWeekLow: optionalPrice,
  averageDailyVolume3Month: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  /** last pre-market trade (before the regular session); `…Time` in unix seconds */
  preMarketPrice: optionalPrice,
  preMarketChange: optionalNumber,
  preMarketChangePercent: optionalNumber,
  preMarketTime: z.optional(z.nullable(z.int())),
  /** last post-market trade (after the regular session) */
  postMarketPrice: optionalPrice,
  postMarketChange: optionalNumber,
  postMarketChangePercent: optionalNumber,
  postMarketTime: z.optional(z.nullable(z.int())),
});
export type QuoteInfo = z.infer<typeof quoteInfoSchema>;

/** A complete quote, as the system stores it and REST serves it: the live part plus its info. */
export const tickSchema = z.extend(liveTickSchema, quoteInfoSchema.shape);
export type Tick = z.infer<typeof tickSchema>;

/** One OHLCV bar. `time` is the bucket start in unix seconds (what lightweight-charts takes). */
export const candleSchema = z.object({
  time: z.int(),
  open: price,
  high: price,
  low: price,
  close: price,
  volume: z.number().check(z.nonnegative()),
});
export type Candle = z.infer<typeof candleSchema>;

export const symbolCandleSchema = z.extend(candleSchema, { symbol: symbolSchema });
export type SymbolCandle = z.infer<typeof symbolCandleSchema>;

export const SOURCE_STATES = ['ok', 'degraded', 'down'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** Progress of a history fetch (1-minute backfill, daily history): symbols done of total. */
const backfillProgressSchema = z.object({
  done: z.number(),
  total: z.number(),
  running: z.boolean(),
  /** symbols whose history is queued or being fetched now (a newly viewed symbol shows here until its history is in) */
  symbols: z.optional(z.array(z.string())),
});

export const sourceStatusSchema = z.object({
  state: z.enum(SOURCE_STATES),
  source: z.string(),
  /** unix ms of the last successful poll (`…Ms`: the one unit on the wire other than seconds) */
  lastSuccessAtMs: z.nullable(z.number()),
  /** the last failure, `atMs` in unix ms */
  lastError: z.nullable(z.object({ code: z.string(), message: z.string(), atMs: z.number() })),
  /** unix ms of the next poll or retry */
  nextAttemptAtMs: z.nullable(z.number()),
  /** true when the prices shown are older than the last failed poll */
  stale: z.boolean(),
  /** symbols the source could not serve, with the reason */
  symbolErrors: z.record(z.string(), z.string()),
  backfill: backfillProgressSchema,
  /** daily history (Yahoo's daily chart back to the first trade date), fetched once a day per symbol */
  dailyHistory: z.optional(backfillProgressSchema),
});
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

export interface HistoryResponse {
  symbol: string;
  interval: Interval;
  candles: Candle[];
  /** the `range` asked for, echoed (absent for from/to or default-window requests) */
  range?: Range;
  /** unix seconds: the window read (inclusive); `range=max` starts at the first stored bar */
  from?: number;
  to?: number;
  /**
   * Daily+ intervals only: which prices the bars show. `split` (default, as Yahoo's chart draws):
   * OHLC adjusted for splits; `split-dividend`: also scaled by Yahoo's adjusted close (total return).
   */
  adjusted?: Adjustment;
  /** the exchange's IANA time zone (America/New_York) when known: bars of 1h+ follow its sessions */
  timezone?: string;
  /**
   * true while the symbol's history is still being fetched (first view of a symbol in no list):
   * candles may be few or none; reload when the symbol leaves the status' `backfill.symbols`.
   */
  backfilling?: boolean;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** One exchange trading day of Yahoo's daily chart (what a source fetches and the store keeps); `day` is its ISO date (YYYY-MM-DD). */
export interface DailyBar {
  symbol: string;
  day: string;
  /** split-adjusted, as Yahoo's chart serves them */
  open: number;
  high: number;
  low: number;
  close: number;
  /** Yahoo's adjusted close (splits and dividends) */
  adjclose: number;
  volume: number;
  /** the dividend that went ex on this day */
  dividend?: number | null;
  /** a split that took effect on this day: numerator / denominator (4 for 4:1) */
  splitRatio?: number | null;
}
