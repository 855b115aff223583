// Which range and interval the symbol page shows, from its URL, and the URLs of the other choices.
// Yahoo's rules: a range comes with its default interval; an interval picked by hand stays until the
// range changes; intervals that would draw one bar, or more than the server serves, are not offered.
import {
  INTERVALS,
  INTERVAL_SECONDS,
  RANGES,
  RANGE_DEFAULT_INTERVAL,
  intervalSchema,
  rangeSchema,
  rangeStart,
  type Adjustment,
  type Interval,
  type Range,
} from '@tickstream/shared';

/** The server's default HISTORY_MAX_ROWS: more bars than this in one range is refused (WINDOW_TOO_LARGE). */
export const MAX_BARS = 5000;
/** Fewer bars than this is not a chart (1D of daily bars). */
const MIN_BARS = 2;
export const DEFAULT_RANGE: Range = '1d';

export const RANGE_LABELS: Record<Range, string> = {
  '1d': '1D',
  '5d': '5D',
  '1mo': '1M',
  '6mo': '6M',
  ytd: 'YTD',
  '1y': '1Y',
  '5y': '5Y',
  max: 'Max',
};

export interface ChartChoice {
  range: Range;
  interval: Interval;
}

export type ChoiceResult = { ok: true; choice: ChartChoice } | { ok: false; message: string };

/** Whether `interval` draws a readable number of bars over `range` ending at `at` (unix seconds). */
export function intervalFits(range: Range, interval: Interval, at: number): boolean {
  const start = rangeStart(range, at);
  if (start === null) return true; // max: the server answers the newest bars it can
  const bars = (at - start) / INTERVAL_SECONDS[interval];
  return bars >= MIN_BARS && bars <= MAX_BARS;
}

/**
 * `?range=&interval=` → what to show. No range: 1D (Yahoo's default), or for an old link with only
 * `interval=` the range that interval is the default of (else the shortest it fits). An interval
 * that does not fit the range falls back to the range's default.
 */
export function resolveChoice(params: URLSearchParams, at: number): ChoiceResult {
  const rawRange = params.get('range');
  const rawInterval = params.get('interval');
  const range = rawRange === null ? null : rangeSchema.safeParse(rawRange);
  if (range && !range.success) return { ok: false, message: `Unknown range ${rawRange}: use ${RANGES.join(', ')}` };
  const interval = rawInterval === null ? null : intervalSchema.safeParse(rawInterval);
  if (interval && !interval.success) return { ok: false, message: `Unknown interval ${rawInterval}: use ${INTERVALS.join(', ')}` };

  if (range) {
    const i = interval?.data;
    return { ok: true, choice: { range: range.data, interval: i && intervalFits(range.data, i, at) ? i : RANGE_DEFAULT_INTERVAL[range.data] } };
  }
  if (!interval) return { ok: true, choice: { range: DEFAULT_RANGE, interval: RANGE_DEFAULT_INTERVAL[DEFAULT_RANGE] } };
  const i = interval.data;
  const home = RANGES.find((r) => RANGE_DEFAULT_INTERVAL[r] === i) ?? RANGES.find((r) => intervalFits(r, i, at)) ?? 'max';
  return { ok: true, choice: { range: home, interval: i } };
}

/** The query string of a choice: defaults left out, so `/symbol/AAPL` is 1D and `?range=1y` is 1Y daily. */
export function choiceQuery(choice: ChartChoice): string {
  const params = new URLSearchParams();
  const defaultInterval = choice.interval === RANGE_DEFAULT_INTERVAL[choice.range];
  if (choice.range !== DEFAULT_RANGE || !defaultInterval) params.set('range', choice.range);
  if (!defaultInterval) params.set('interval', choice.interval);
  const q = params.toString();
  return q ? `?${q}` : '';
}

export interface ChoiceLink {
  key: string;
  text: string;
  /** null: not offered for this range */
  href: string | null;
  title?: string | undefined;
}

/** The range buttons: each goes to that range at its default interval. */
export function rangeLinks(path: string): ChoiceLink[] {
  return RANGES.map((r) => ({ key: r, text: RANGE_LABELS[r], href: path + choiceQuery({ range: r, interval: RANGE_DEFAULT_INTERVAL[r] }) }));
}

/** The interval buttons: each keeps the range; those that do not fit it are shown but not offered. */
export function intervalLinks(path: string, range: Range, at: number): ChoiceLink[] {
  return INTERVALS.map((i) =>
    intervalFits(range, i, at)
      ? { key: i, text: i, href: path + choiceQuery({ range, interval: i }) }
      : { key: i, text: i, href: null, title: `${i} bars do not fit ${RANGE_LABELS[range]}` },
  );
}

/** What the chart says about the prices of daily+ bars (Yahoo's chart is split-adjusted). */
export function adjustmentNote(adjusted: Adjustment | undefined): string | null {
  if (adjusted === 'split') return 'Prices adjusted for splits';
  if (adjusted === 'split-dividend') return 'Prices adjusted for splits and dividends';
  if (adjusted === 'none') return 'Prices not adjusted';
  return null;
}
