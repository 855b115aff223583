// One table row per symbol, computed from its latest quote: every figure a column shows or sorts by.
import type { MarketState, Tick } from '@tickstream/shared';
import { changeOf } from '../format.ts';
import type { SparkPoint } from '../watchlist/sparkline.ts';

export interface ExtendedHours {
  label: 'Pre-market' | 'After hours';
  price: number;
  change: number;
  percent: number;
}

export interface QuoteRow {
  symbol: string;
  /** position in the list (the "list order" sort) */
  index: number;
  name: string | null;
  currency: string | null;
  price: number | null;
  change: number | null;
  percent: number | null;
  dayLow: number | null;
  dayHigh: number | null;
  yearLow: number | null;
  yearHigh: number | null;
  volume: number | null;
  averageVolume: number | null;
  /** today's volume over the 3-month daily average */
  volumeRatio: number | null;
  marketState: MarketState | null;
  extended: ExtendedHours | null;
  /** seconds since the quote's own market time */
  ageSeconds: number | null;
  /** the session line's move from its first point, in % (sorts the sparkline column) */
  trend: number | null;
}

/** Where `value` sits between low and high, 0..1 (clamped); null without a usable range. */
export function rangePosition(low: number | null, high: number | null, value: number | null): number | null {
  if (low === null || high === null || value === null || !(high >= low)) return null;
  if (high === low) return 0.5;
  return Math.min(1, Math.max(0, (value - low) / (high - low)));
}

type ExtendedFields = Pick<
  Tick,
  'price' | 'marketState' | 'preMarketPrice' | 'preMarketChange' | 'preMarketChangePercent' | 'postMarketPrice' | 'postMarketChange' | 'postMarketChangePercent'
>;

/**
 * The pre-market price before the open, the after-hours one after the close; null when the source
 * has none. Its change is Yahoo's own when given (against the regular close), else against the last price.
 */
export function extendedHours(tick: ExtendedFields): ExtendedHours | null {
  const pre = tick.marketState === 'PRE' && tick.preMarketPrice ? tick.preMarketPrice : null;
  const post = (tick.marketState === 'POST' || tick.marketState === 'CLOSED') && tick.postMarketPrice ? tick.postMarketPrice : null;
  const price = pre ?? post;
  if (price === null || !(price > 0)) return null;
  const given = pre ? [tick.preMarketChange, tick.preMarketChangePercent] : [tick.postMarketChange, tick.postMarketChangePercent];
  const change = given[0] ?? price - tick.price;
  const percent = given[1] ?? (change / (price - change)) * 100;
  return { label: pre ? 'Pre-market' : 'After hours', price, change, percent };
}

function trendOf(points: readonly SparkPoint[]): number | null {
  const first = points[0]?.value;
  const last = points.at(-1)?.value;
  if (first === undefined || last === undefined || points.length < 2) return null;
  return ((last - first) / first) * 100;
}

export function rowOf(
  symbol: string,
  index: number,
  tick: Tick | undefined,
  nowSeconds: number,
  points: readonly SparkPoint[] = [],
): QuoteRow {
  const { change, percent } = tick ? changeOf(tick) : { change: null, percent: null };
  const volume = tick?.dayVolume ?? null;
  const averageVolume = tick?.averageDailyVolume3Month ?? null;
  return {
    symbol,
    index,
    name: tick?.name ?? null,
    currency: tick?.currency ?? null,
    price: tick?.price ?? null,
    change,
    percent,
    dayLow: tick?.dayLow ?? null,
    dayHigh: tick?.dayHigh ?? null,
    yearLow: tick?.fiftyTwoWeekLow ?? null,
    yearHigh: tick?.fiftyTwoWeekHigh ?? null,
    volume,
    averageVolume,
    volumeRatio: volume !== null && averageVolume ? volume / averageVolume : null,
    marketState: tick?.marketState ?? null,
    extended: tick ? extendedHours(tick) : null,
    ageSeconds: tick ? Math.max(0, nowSeconds - tick.time) : null,
    trend: trendOf(points),
  };
}
