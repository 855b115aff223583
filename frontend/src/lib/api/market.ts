// Typed, validated reads of the market API (history, quotes), through send(). Entries that fail
// validation are dropped one by one, so one bad row never blanks a chart.
import {
  adjustmentSchema,
  candleSchema,
  sourceStatusSchema,
  tickSchema,
  type Candle,
  type Interval,
  type Range,
  type SourceStatus,
  type Tick,
} from '@tickstream/shared';
import type { ChartHistory } from '../chart/feed.ts';
import { intervalSeconds } from '../chart/buckets.ts';
import { ApiError, send, type Fetch } from './send.ts';

export type { Fetch };

async function getObject(fetchFn: Fetch, path: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const body = await send(fetchFn, path, signal ? { signal } : {});
  if (!body || typeof body !== 'object') throw new ApiError(200, 'BAD_RESPONSE', `${path} did not return a JSON object`);
  return body as Record<string, unknown>;
}

function keepValid<T>(raw: unknown, parse: (v: unknown) => { success: true; data: T } | { success: false }): T[] {
  if (!Array.isArray(raw)) return [];
  const out: T[] = [];
  for (const entry of raw) {
    const r = parse(entry);
    if (r.success) out.push(r.data);
  }
  return out;
}

export interface HistoryRange {
  /** unix seconds */
  from?: number;
  to?: number;
  /** a chart range ending now (1d … max), instead of from/to */
  range?: Range;
}

/** The history URL of a chart (the page shell preloads exactly this one: hooks.server.ts). */
export function chartHistoryPath(symbol: string, interval: Interval, range?: Range): string {
  return historyPath(symbol, interval, range ? { range } : {});
}

function historyPath(symbol: string, interval: Interval, range: HistoryRange): string {
  const params = new URLSearchParams({ symbol, interval });
  if (range.from !== undefined) params.set('from', String(Math.floor(range.from)));
  if (range.to !== undefined) params.set('to', String(Math.floor(range.to)));
  if (range.range !== undefined) params.set('range', range.range);
  return `/api/history?${params}`;
}

/** The bars, and whether the server is still fetching the symbol's history (first view of a symbol in no list). */
async function historyPage(
  fetchFn: Fetch,
  symbol: string,
  interval: Interval,
  range: HistoryRange = {},
  signal?: AbortSignal,
): Promise<Pick<ChartHistory, 'adjusted'> & { candles: Candle[]; backfilling: boolean }> {
  const body = await getObject(fetchFn, historyPath(symbol, interval, range), signal);
  const adjusted = adjustmentSchema.safeParse(body.adjusted);
  return {
    candles: keepValid(body.candles, (v) => candleSchema.safeParse(v)),
    backfilling: body.backfilling === true,
    ...(adjusted.success ? { adjusted: adjusted.data } : {}),
  };
}

export async function fetchHistory(
  fetchFn: Fetch,
  symbol: string,
  interval: Interval,
  range: HistoryRange = {},
  signal?: AbortSignal,
): Promise<Candle[]> {
  return (await historyPage(fetchFn, symbol, interval, range, signal)).candles;
}

export interface QuotesSnapshot {
  quotes: Tick[];
  status: SourceStatus | null;
}

export async function fetchQuotes(fetchFn: Fetch): Promise<QuotesSnapshot> {
  const body = await getObject(fetchFn, '/api/quotes');
  const status = sourceStatusSchema.safeParse(body.status);
  return { quotes: keepValid(body.quotes, (v) => tickSchema.safeParse(v)), status: status.success ? status.data : null };
}

/** A week or a month of 1m bars is more than one history answer holds: those buckets go unseeded. */
const MAX_SEED_SECONDS = 86_400;

/**
 * History for a chart (over `range` when given, else the server's default window). From 5m to 1d
 * it also fetches the 1m bars of the last bucket, so live minute bars fold into it exactly (see
 * chart/merge.ts); without them (that fetch failed, or 1wk/1mo) the forming bar's volume is approximate.
 */
export async function fetchChartHistory(fetchFn: Fetch, symbol: string, interval: Interval, range?: Range): Promise<ChartHistory> {
  const page = await historyPage(fetchFn, symbol, interval, range ? { range } : {});
  const last = page.candles.at(-1);
  if (interval === '1m' || !last || intervalSeconds(interval) > MAX_SEED_SECONDS) return { ...page, minuteSeed: null };
  const minuteSeed = await fetchHistory(fetchFn, symbol, '1m', {
    from: last.time,
    to: last.time + intervalSeconds(interval) - 1,
  }).catch(() => null);
  return { ...page, minuteSeed };
}

/** 5-minute bars of the latest session for a sparkline: the last day, or the server's default window. */
export async function fetchSessionCandles(fetchFn: Fetch, symbol: string, nowSeconds: number): Promise<Candle[]> {
  const day = await fetchHistory(fetchFn, symbol, '5m', { from: nowSeconds - 86_400, to: nowSeconds });
  if (day.length >= 2) return day;
  // Closed market (weekend): the default window widens to the last session.
  return fetchHistory(fetchFn, symbol, '5m');
}
