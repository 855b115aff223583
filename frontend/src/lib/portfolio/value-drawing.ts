// The value chart as a drawing (ValueDrawing.svelte): the portfolio's % line over its area and the
// benchmark's line, framed and labelled as the interactive chart (value-chart.ts) opens on them, so
// the page shows the chart without loading the chart library until the reader reaches for it.
import type { BenchmarkPoint, PortfolioHistoryPoint } from '@tickstream/shared';
import { SCALE_MARGINS, priceTicks } from '../chart/static-chart.ts';
import { timeAxis } from '../chart/static-time-axis.ts';

/** the drawing's width in its own units (the SVG is stretched to its box); heights are 0–1000 */
export const VALUE_WIDTH = 1000;
const { top: TOP, bottom: BOTTOM } = SCALE_MARGINS;

export interface ValueDrawing {
  /** SVG path data: the portfolio's line, the area under it, the benchmark's line */
  line: string;
  area: string;
  benchmark: string;
  /** round % steps on the scale, with their height in % of the box */
  ticks: Array<{ value: number; y: number }>;
  /** time labels, at % of the width */
  times: Array<{ at: number; text: string }>;
}

/**
 * Both series on one time scale spaced by point, as lightweight-charts spaces the union of their
 * times, and one % scale over both. Null with nothing to draw.
 */
export function drawValue(
  points: readonly PortfolioHistoryPoint[],
  benchmark: readonly BenchmarkPoint[],
  timeLabel: (unixSeconds: number, tickMarkType: number) => string,
): ValueDrawing | null {
  const times = [...new Set([...points, ...benchmark].map((p) => p.time))].sort((a, b) => a - b);
  if (times.length === 0) return null;
  const index = new Map(times.map((t, i) => [t, i]));
  const values = [...points, ...benchmark].map((p) => p.percent);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = Math.max(high - low, 1e-6);
  const y = (v: number) => Math.round(1000 * (TOP + (1 - TOP - BOTTOM) * ((high - v) / span)));
  // one point alone still shows: a line across the whole width
  const x = (t: number) => (times.length === 1 ? 0 : Math.round((index.get(t)! / (times.length - 1)) * VALUE_WIDTH));
  const path = (series: readonly { time: number; percent: number }[]) =>
    series.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time)} ${y(p.percent)}`).join('') + (series.length === 1 ? `H${VALUE_WIDTH}` : '');
  const line = path(points);
  const area = points.length > 0 ? `${line}V1000H${x(points[0]!.time)}Z` : '';
  return {
    line,
    area,
    benchmark: path(benchmark),
    ticks: priceTicks(low, high, 5)
      .map((value) => ({ value, y: y(value) / 10 }))
      .filter((t) => t.y > 3 && t.y < 97),
    times: timeAxis(times.map((time) => ({ time })), (i) => (times.length === 1 ? 0 : (i / (times.length - 1)) * 100), timeLabel),
  };
}
