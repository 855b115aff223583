// GET /api/portfolio/history rules: which bars each range reads, which holdings count (base currency
// only, never converted), and the benchmark. The valuation itself is value-over-time.ts.
import {
  BASE_CURRENCY,
  type Candle,
  type Holding,
  type Interval,
  type PortfolioHistoryQuery,
  type PortfolioHistoryResponse,
  type PortfolioRange,
} from '@tickstream/shared';
import type { HistoryService } from '../history/service.ts';
import { maxSpanSeconds } from '../history/window.ts';
import { acquiredSince, benchmarkOverTime, valueOverTime, type Lot } from './value-over-time.ts';

const DAY = 86_400;

/** Each range's bar interval and span; `max` reads as far back as HISTORY_MAX_ROWS bars go. */
export const RANGE_PLAN: Record<PortfolioRange, { interval: Interval; spanSeconds: number | null }> = {
  '1d': { interval: '5m', spanSeconds: DAY },
  '1w': { interval: '1h', spanSeconds: 7 * DAY },
  '1m': { interval: '1h', spanSeconds: 31 * DAY },
  '1y': { interval: '1d', spanSeconds: 366 * DAY },
  max: { interval: '1d', spanSeconds: null },
};

export interface BarQuery {
  symbol: string;
  interval: Interval;
  /** unix seconds; null: as far back as there are bars (the newest HISTORY_MAX_ROWS) */
  from: number | null;
  to: number;
}

/**
 * The bars the symbol chart shows, read through the history service so both always agree (daily
 * ranges: the stored daily bars, split-adjusted, with today's from 1m candles; 1h from the exchange's
 * open). A window is narrowed to what HISTORY_MAX_ROWS allows, keeping its newest end.
 */
export function historyBars(history: Pick<HistoryService, 'get'>, maxRows: number): PortfolioHistoryDeps['bars'] {
  return async ({ symbol, interval, from, to }) => {
    const adjust = 'split' as const;
    if (from === null) return (await history.get({ symbol, interval, range: 'max', adjust })).candles;
    const fits = Math.max(from, to - maxSpanSeconds(interval, maxRows));
    return (await history.get({ symbol, interval, from: fits, to, adjust })).candles;
  };
}

export interface PortfolioHistoryDeps {
  holdings: () => Promise<Holding[]>;
  /** each symbol's quote currency (from its latest tick), null when unknown */
  currencies: (symbols: readonly string[]) => Promise<Map<string, string | null>>;
  /** stored bars in [from, to], oldest first */
  bars: (q: BarQuery) => Promise<Candle[]>;
  /** each symbol's newest stored 1m bar, unix seconds */
  newestBars: (symbols: readonly string[]) => Promise<Map<string, number>>;
  /** makes sure the benchmark is followed (polled and backfilled); throws 404 SYMBOL_NOT_FOUND for an unknown symbol */
  follow?: (symbol: string) => Promise<unknown>;
  /** unix ms */
  now: () => number;
}

export interface PortfolioHistoryService {
  get(query: PortfolioHistoryQuery): Promise<PortfolioHistoryResponse>;
}

export function createPortfolioHistoryService(deps: PortfolioHistoryDeps): PortfolioHistoryService {
  return {
    async get({ range, benchmark }) {
      if (deps.follow) await deps.follow(benchmark);
      const holdings = await deps.holdings();
      const symbols = [...new Set(holdings.map((h) => h.symbol))];
      const currencies = await deps.currencies(symbols);
      const excluded: PortfolioHistoryResponse['excluded'] = [];
      const counted = symbols.filter((s) => {
        const currency = currencies.get(s) ?? null;
        if (currency === BASE_CURRENCY) return true;
        excluded.push({ symbol: s, reason: currency === null ? 'UNKNOWN_CURRENCY' : 'OTHER_CURRENCY' });
        return false;
      });

      const { interval, spanSeconds } = RANGE_PLAN[range];
      const now = Math.floor(deps.now() / 1000);
      // A closed market's 1D is its last session: the span ends at the newest stored bar, not now.
      const newest = Math.max(...(await deps.newestBars([...counted, benchmark])).values());
      const end = Number.isFinite(newest) ? Math.min(newest, now) : now;
      const window = { from: spanSeconds === null ? null : end - spanSeconds, to: now };
      const read = async (symbol: string) => (await deps.bars({ symbol, interval, ...window })).map((c) => ({ time: c.time, close: c.close }));

      const bars = new Map(await Promise.all(counted.map(async (s) => [s, await read(s)] as const)));
      for (const s of counted) if ((bars.get(s)?.length ?? 0) === 0) excluded.push({ symbol: s, reason: 'NO_BARS' });
      const lots: Lot[] = holdings
        .filter((h) => counted.includes(h.symbol))
        .map((h) => ({ symbol: h.symbol, quantity: Number(h.quantity), since: acquiredSince(h.acquiredOn) }));
      const points = valueOverTime(lots, bars);
      const benchmarkBars = await read(benchmark);
      const timeline = points.length > 0 ? points.map((p) => p.time) : benchmarkBars.map((b) => b.time);
      return {
        range,
        interval,
        currency: BASE_CURRENCY,
        points,
        benchmark: { symbol: benchmark, points: benchmarkOverTime(timeline, benchmarkBars) },
        excluded,
      };
    },
  };
}
