// The symbol page as the server sends it before the app runs: the page's outline (header bar,
// title, tool row) with the first candles drawn where the live chart will stand, so the page only
// fills in around them when the app arrives. app.css (.static-*) gives each part the size of its
// counterpart in +layout.svelte and the symbol page; the page takes the drawing over in place
// (+page.svelte) and this outline goes.
import type { Adjustment, Candle, Interval, Range } from '@tickstream/shared';
import { adjustmentNote } from './ranges.ts';
import { escapeHtml, renderStaticChart } from './static-chart.ts';

export interface StaticPageInput {
  symbol: string;
  range: Range;
  interval: Interval;
  candles: readonly Candle[];
  /** daily+ bars: the page then writes a note under its tools (one more row on a wide screen) */
  adjusted?: Adjustment | undefined;
}

/** The key the page compares with its own chart's before keeping the drawing. */
export const staticChartKey = (symbol: string, range: Range, interval: Interval) => `${symbol} ${range} ${interval}`;

/** The outline with the drawing in it (empty without bars: the page draws its loading state then). */
export function renderStaticPage({ symbol, range, interval, candles, adjusted }: StaticPageInput): string {
  const chart = renderStaticChart({ symbol, interval, candles, key: staticChartKey(symbol, range, interval) });
  if (!chart) return '';
  return (
    `<div class="static-page" data-static-page><div class="static-top"></div>` +
    `<div class="static-main"><div class="static-title">${escapeHtml(symbol)}</div><div class="static-tools${adjustmentNote(adjusted) ? ' with-note' : ''}"></div>` +
    `<div class="static-body">${chart}</div></div></div>`
  );
}
