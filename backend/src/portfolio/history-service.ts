// GET /api/portfolio/history rules: which bars each range reads, which holdings count (base currency
// only, never converted), and the benchmark. The valuation itself is value-over-time.ts.
import {
  BASE_CURRENCY,
  isDailyInterval,
  type Candle,
  type Holding,
  type Interval,
  type PortfolioHistoryQuery,
  type PortfolioHistoryResponse,
  type PortfolioRange,
} from '@tickstream/shared';
import type { CandleInterval, Store } from '../store/types.ts';
import { acquiredSince, benchmarkOverTime, valueOverTime, type Lot } from './value-over-time.ts';

const DAY = 86_400;

/** Each range's bar interval and span; `max` reads as far back as the row cap allows. */
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
  from: number;
  to: number;
  limit: number;
}

/**
 * Bars from the store: daily ranges from the stored daily bars (split-adjusted, as the chart shows
 * prices), else, for a symbol whose daily history is not fetched yet, 1d roll-ups of its 1m candles.
 */
export function storeBars(store: Pick<Store, 'candles' | 'dailyBars'>): PortfolioHistoryDeps['bars'] {
  return async (q) => {
    if (isDailyInterval(q.interval)) {
      const daily = await store.dailyBars.history({ ...q, interval: q.interval, adjust: 'split' });
      if (daily.length > 0 || q.interval !== '1d') return daily;
    }
    return store.candles.history({ ...q, interval: q.interval as CandleInterval });
  };
}

export interface PortfolioHistoryDeps {
  holdings: () => Promise<Holding[]>;
  /** each symbol's quote currency (from its latest tick), null when unknown */
  currencies: (symbols: readonly string[]) => Promise<Map<string, string | null>>;
  /** stored bars, oldest first: the newest `limit` in [from, to] */
  bars: (q: BarQuery) => Promise<Candle[]>;
  /** each symbol's newest stored 1m bar, unix seconds */
  newestBars: (symbols: readonly string[]) => Promise<Map<string, number>>;
  /** makes sure the benchmark is followed (polled and backfilled); throws 404 SYMBOL_NOT_FOUND for an unknown symbol */
  follow?: (symbol: string) => Promise<unknown>;
  /** unix ms */
  now: () => number;
  maxRows: number;
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
      const window = { from: spanSeconds === null ? 0 : end - spanSeconds, to: now };
      const read = async (symbol: string) =>
        (await deps.bars({ symbol, interval, ...window, limit: deps.maxRows })).map((c) => ({ time: c.time, close: c.close }));

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
