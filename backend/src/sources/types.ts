// The market-data boundary: Yahoo (yahoo-finance2) or the offline simulated market.
import type { SearchResult, SymbolCandle, Tick } from '@tickstream/shared';
import type { DailyBar } from '@tickstream/shared';

export interface SymbolProblem {
  symbol: string;
  /** e.g. UNKNOWN_SYMBOL, NO_DATA, INVALID_VALUE */
  code: string;
  message: string;
}

export interface QuoteBatch {
  /** valid ticks only: every price finite and > 0, time sane */
  ticks: Tick[];
  /** symbols that could not be served this time, with why */
  problems: SymbolProblem[];
}

export interface BarRequest {
  /** unix seconds, inclusive */
  from: number;
  /** unix seconds, exclusive */
  to: number;
}

/** A symbol's daily chart (Yahoo `chart()` with interval 1d and events div|split), validated. */
export interface DailyHistory {
  /** ascending by day, one per trading day, valid bars only */
  bars: DailyBar[];
  /** the exchange's IANA zone (Yahoo's exchangeTimezoneName); UTC when absent */
  timezone: string;
  /** regular session open, minutes after local midnight (Yahoo's currentTradingPeriod.regular.start) */
  sessionOpen: number;
  /** ISO date of the first trade, when the source says */
  firstTradeDay: string | null;
}

export interface QuoteSource {
  readonly name: 'yahoo' | 'simulated';
  /** Latest quote per symbol; throws SourceError for whole-request failures (429, 5xx, network, ...). */
  fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteBatch>;
  /** 1-minute OHLCV bars of one symbol, ascending, valid bars only. */
  fetchBars(symbol: string, range: BarRequest, signal?: AbortSignal): Promise<SymbolCandle[]>;
  /** Daily bars from `from` (unix seconds, may be before 1970) up to now, with splits and dividends; absent: no long history (test fakes). */
  fetchDaily?(symbol: string, from: number, signal?: AbortSignal): Promise<DailyHistory>;
  /** Instruments matching a name or symbol, best first, at most `limit`; throws SourceError when the source fails. */
  search(query: string, limit: number, signal?: AbortSignal): Promise<SearchResult[]>;
  /** Which of `symbols` the source knows (Yahoo: one quote request per 50); throws SourceError when it cannot tell. */
  lookup(symbols: readonly string[], signal?: AbortSignal): Promise<SymbolLookup>;
}

export interface SymbolLookup {
  known: string[];
  /** the source says these do not exist */
  unknown: string[];
}
