// The portfolio-over-time chart's data: the server's series (GET /api/portfolio/history) with a live
// last point, so the line moves with ticks between fetches. Pure; the rune class is history.svelte.ts.
import { INTERVAL_SECONDS, type BenchmarkPoint, type PortfolioHistoryPoint, type PortfolioHistoryResponse } from '@tickstream/shared';

export interface LiveTail {
  /** the counted holdings valued at their latest ticks, null when not all are priced yet */
  value: number | null;
  /** the benchmark's latest price, null when unknown */
  benchmarkClose: number | null;
  nowSeconds: number;
}

export interface HistoryView {
  points: PortfolioHistoryPoint[];
  benchmark: BenchmarkPoint[];
}

const stepOf = (interval: string) => INTERVAL_SECONDS[interval as keyof typeof INTERVAL_SECONDS] ?? 86_400;

/**
 * Replaces the point of the current bucket (or appends one) with the live figures. The % is chained
 * from the server's last point (the same holdings on both sides), so the time-weighted rule holds.
 */
export function withLiveTail(res: PortfolioHistoryResponse, live: LiveTail): HistoryView {
  const step = stepOf(res.interval);
  const lastTime = Math.max(res.points.at(-1)?.time ?? -Infinity, res.benchmark.points.at(-1)?.time ?? -Infinity);
  const time = Math.max(Math.floor(live.nowSeconds / step) * step, Number.isFinite(lastTime) ? lastTime : -Infinity);
  const points = res.points.slice();
  if (live.value !== null && live.value > 0) {
    const last = points.at(-1);
    const percent = last ? ((1 + last.percent / 100) * (live.value / last.value) - 1) * 100 : 0;
    putAt(points, { time, value: live.value, percent });
  }
  const benchmark = res.benchmark.points.slice();
  const base = benchmark[0]?.close ?? live.benchmarkClose;
  if (live.benchmarkClose !== null && base) putAt(benchmark, { time, close: live.benchmarkClose, percent: (live.benchmarkClose / base - 1) * 100 });
  return { points, benchmark };
}

function putAt<T extends { time: number }>(series: T[], point: T): void {
  if (series.at(-1)?.time === point.time) series[series.length - 1] = point;
  else if ((series.at(-1)?.time ?? -Infinity) < point.time) series.push(point);
}

/** Σ quantity × latest price over the counted symbols; null until every one of them has a price. */
export function liveValue(
  holdings: readonly { symbol: string; quantity: string }[],
  counted: ReadonlySet<string>,
  priceOf: (symbol: string) => number | undefined,
): number | null {
  let total = 0;
  for (const h of holdings) {
    if (!counted.has(h.symbol)) continue;
    const price = priceOf(h.symbol);
    if (price === undefined) return null;
    total += Number(h.quantity) * price;
  }
  return total;
}

type Excluded = PortfolioHistoryResponse['excluded'][number];

/**
 * Why a holding is not on the chart, in words. The server decides with the quotes it had when asked;
 * a quote that came since (the page's live one) says the currency it lacked then: a EUR holding is in
 * another currency than the chart's, not in an unknown one.
 */
export function excludedReason(e: Excluded, chartCurrency: string, liveCurrency: string | null | undefined): string {
  if (e.reason === 'NO_BARS') return 'no stored prices in this range';
  if (liveCurrency && liveCurrency !== chartCurrency) return `other currency: ${liveCurrency}`;
  if (e.reason === 'OTHER_CURRENCY') return 'other currency';
  // the server had no quote for it yet (a symbol just added): the chart asks again shortly
  return 'no quote yet';
}
