// Yahoo Finance through yahoo-finance2: one client per source, quotes in batches of at most 50
// symbols (one request each), 1m bars and the daily chart per symbol. The cookie/crumb handshake happens inside the
// library; we own the cookie jar so a rejected crumb can be dropped and renegotiated.
import type { SymbolCandle } from '@tickstream/shared';
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import { chunk, mapLimit } from '../concurrency.ts';
import { SOURCE_ERROR_CODES, SourceError, toSourceError, type SourceErrorCode } from '../errors.ts';
import type { SkipSink } from '../skips.ts';
import type { BarRequest, QuoteBatch, QuoteSource, SymbolProblem } from '../types.ts';
import { validateBars, validateQuote, type ValidationContext } from './parse.ts';
import { parseSearch } from './parse-search.ts';
import { parseDailyChart } from '../daily-chart.ts';
import { createYahooFetch, type FetchLike } from './fetch.ts';

/** Yahoo's v7 quote endpoint takes many symbols; 50 keeps URLs short and answers small. */
export const QUOTE_BATCH_SIZE = 50;

/** Only what a Tick needs (Yahoo always adds a few essentials such as quoteType). */
const QUOTE_FIELDS = [
  'symbol',
  'regularMarketPrice',
  'regularMarketTime',
  'regularMarketChange',
  'regularMarketChangePercent',
  'regularMarketPreviousClose',
  'regularMarketDayHigh',
  'regularMarketDayLow',
  'regularMarketVolume',
  'marketState',
  'currency',
  'shortName',
  'longName',
] as const;

export interface YahooSourceOptions {
  fetch: FetchLike;
  now: () => number;
  skips: SkipSink;
}

function isFailedValidation(err: unknown): err is Error & { result: unknown } {
  return err instanceof Error && err.name === 'FailedYahooValidationError' && 'result' in err;
}

export function createYahooSource(config: Config['source'], logger: Logger, options: YahooSourceOptions): QuoteSource {
  const log = logger.child({ module: 'yahoo' });
  /**
   * yahoo-finance2 and its schemas (a few MB of heap) load on the first request: a process on the
   * simulated source never holds them (bench:memory).
   */
  async function connect() {
    const [{ default: YahooFinance }, { ExtendedCookieJar }] = await Promise.all([import('yahoo-finance2'), import('yahoo-finance2/lib/cookieJar')]);
    const cookieJar = new ExtendedCookieJar();
    const yahoo = new YahooFinance({
      fetch: createYahooFetch(options.fetch, config.timeoutMs) as typeof fetch,
      cookieJar,
      queue: { concurrency: config.concurrency },
      suppressNotices: ['yahooSurvey', 'ripHistorical'],
      // We validate ourselves and must never let the library phone npm from a server.
      versionCheck: false,
      validation: { logErrors: false, logOptionsErrors: false },
      logger: {
        info: (...args: unknown[]) => log.debug({ yahooFinance2: args.map(String).join(' ') }),
        warn: (...args: unknown[]) => log.warn({ yahooFinance2: args.map(String).join(' ') }, 'yahoo-finance2 warning'),
        error: (...args: unknown[]) => log.warn({ yahooFinance2: args.map(String).join(' ') }, 'yahoo-finance2 error'),
        debug: () => {},
        dir: () => {},
      },
    });
    return { yahoo, cookieJar };
  }
  let connected: ReturnType<typeof connect> | undefined;
  const client = () => (connected ??= connect());
  const ctx = (): ValidationContext => ({ nowSec: Math.floor(options.now() / 1000), skips: options.skips, source: 'yahoo' });

  /** A rejected crumb stays cached until its cookie expires; drop it so the next call renegotiates. */
  async function fail(err: unknown): Promise<never> {
    const error = toSourceError(err);
    if (error.code === 'AUTH') {
      await (await client()).cookieJar.removeAllCookies().catch(() => undefined);
    }
    throw error;
  }

  /**
   * A schema mismatch on one field must not hide the whole answer: the library hands over its
   * partial result and our own validation decides what is safe to keep.
   */
  function partial(err: unknown, what: string, symbol: string): unknown {
    if (!isFailedValidation(err)) return undefined;
    options.skips.skip('schema_mismatch', symbol, `yahoo-finance2 rejected the ${what} schema; validated the partial result ourselves`);
    return err.result;
  }

  async function quoteBatch(symbols: string[], signal?: AbortSignal): Promise<unknown[]> {
    try {
      return await (await client()).yahoo.quote(symbols, { fields: [...QUOTE_FIELDS], return: 'array' }, signal ? { fetchOptions: { signal } } : undefined);
    } catch (err) {
      const result = partial(err, 'quote', symbols.join(','));
      if (Array.isArray(result)) return result as unknown[];
      return fail(err);
    }
  }

  const source: QuoteSource = {
    name: 'yahoo',

    async fetchQuotes(symbols, signal) {
      const wanted = [...new Set(symbols.map((s) => s.toUpperCase()))];
      const batches = chunk(wanted, QUOTE_BATCH_SIZE);
      const settled = await mapLimit(batches, config.concurrency, (batch) => quoteBatch(batch, signal));
      const out: QuoteBatch = { ticks: [], problems: [] };
      const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ error: toSourceError(s.reason), batch: batches[i] ?? [] }] : []));
      if (failures.length === batches.length && failures[0]) throw failures[0].error;
      for (const { error, batch } of failures) {
        for (const symbol of batch) out.problems.push({ symbol, code: error.code, message: error.message });
      }

      const v = ctx();
      const best = new Map<string, ReturnType<typeof validateQuote>>();
      const requested = new Set(wanted);
      for (const s of settled) {
        if (s.status !== 'fulfilled') continue;
        for (const raw of s.value) {
          if (!raw || typeof raw !== 'object') continue;
          const q = raw as Record<string, unknown>;
          // Matched by symbol, never by position: Yahoo drops unknown symbols and may reorder.
          const symbol = typeof q.symbol === 'string' ? q.symbol.toUpperCase() : '';
          if (!requested.has(symbol)) {
            options.skips.skip('unexpected_symbol', symbol || '?', `quote for ${JSON.stringify(q.symbol)} was not requested`);
            continue;
          }
          const verdict = validateQuote(symbol, q, v);
          const prev = best.get(symbol);
          if (!prev || (verdict.ok && (!prev.ok || verdict.tick.time >= prev.tick.time))) best.set(symbol, verdict);
        }
      }
      const failed = new Set(out.problems.map((p) => p.symbol));
      for (const symbol of wanted) {
        const verdict = best.get(symbol);
        if (verdict?.ok) out.ticks.push(verdict.tick);
        else if (verdict) out.problems.push(verdict.problem);
        else if (!failed.has(symbol)) out.problems.push(unknownSymbol(symbol));
      }
      return out;
    },

    async fetchBars(symbol, range: BarRequest, signal): Promise<SymbolCandle[]> {
      if (range.to <= range.from) return [];
      let chart: unknown;
      try {
        chart = await (await client()).yahoo.chart(
          symbol,
          { interval: '1m', period1: range.from, period2: range.to, includePrePost: false, return: 'object' },
          signal ? { fetchOptions: { signal } } : undefined,
        );
      } catch (err) {
        chart = partial(err, 'chart', symbol);
        if (chart === undefined) return fail(err);
      }
      if (!chart || typeof chart !== 'object') throw new SourceError('BAD_RESPONSE', `Yahoo chart for ${symbol} has no result`);
      return validateBars(symbol, chart, ctx());
    },

    async fetchDaily(symbol, from, signal) {
      let chart: unknown;
      try {
        chart = await (await client()).yahoo.chart(
          symbol,
          { interval: '1d', period1: new Date(from * 1000), events: 'div|split', return: 'object' },
          signal ? { fetchOptions: { signal } } : undefined,
        );
      } catch (err) {
        chart = partial(err, 'chart', symbol);
        if (chart === undefined) return fail(err);
      }
      if (!chart || typeof chart !== 'object') throw new SourceError('BAD_RESPONSE', `Yahoo daily chart for ${symbol} has no result`);
      return parseDailyChart(symbol, chart, ctx());
    },

    async search(query, limit, signal) {
      let raw: unknown;
      try {
        // News, Crunchbase and navigation links are asked away: one small answer of instruments.
        raw = await (await client()).yahoo.search(
          query,
          { quotesCount: limit, newsCount: 0, enableFuzzyQuery: false, enableCb: false, enableNavLinks: false },
          signal ? { fetchOptions: { signal } } : undefined,
        );
      } catch (err) {
        raw = partial(err, 'search', query);
        if (raw === undefined) return fail(err);
      }
      return parseSearch(raw, limit);
    },

    async lookup(symbols, signal) {
      const batch = await source.fetchQuotes(symbols, signal);
      // Only Yahoo saying "no such symbol" makes it unknown; a quote with a bad field still exists.
      const unknown = new Set(batch.problems.filter((p) => p.code === 'UNKNOWN_SYMBOL').map((p) => p.symbol));
      const failed = batch.problems.find((p) => p.code !== 'UNKNOWN_SYMBOL' && !batch.ticks.some((t) => t.symbol === p.symbol) && isSourceErrorCode(p.code));
      if (failed) throw new SourceError(failed.code as SourceErrorCode, failed.message);
      const wanted = [...new Set(symbols.map((s) => s.toUpperCase()))];
      return { known: wanted.filter((s) => !unknown.has(s)), unknown: wanted.filter((s) => unknown.has(s)) };
    },
  };
  return source;
}

function isSourceErrorCode(code: string): code is SourceErrorCode {
  return (SOURCE_ERROR_CODES as readonly string[]).includes(code) && code !== 'UNKNOWN_SYMBOL';
}

function unknownSymbol(symbol: string): SymbolProblem {
  return { symbol, code: 'UNKNOWN_SYMBOL', message: `Yahoo returned no quote for ${symbol} (unknown or delisted symbol)` };
}
