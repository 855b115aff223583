// The market-data boundary: Yahoo (yahoo-finance2) or the offline simulated market.
import type { SearchResult, SymbolCandle, Tick } from '@tickstream/shared';

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

export interface QuoteSource {
  readonly name: 'yahoo' | 'simulated';
  /** Latest quote per symbol; throws SourceError for whole-request failures (429, 5xx, network, ...). */
  fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteBatch>;
  /** 1-minute OHLCV bars of one symbol, ascending, valid bars only. */
  fetchBars(symbol: string, range: BarRequest, signal?: AbortSignal): Promise<SymbolCandle[]>;
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
