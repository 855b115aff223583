// The symbol page's first candles, drawn on the server into the page response (hooks.server.ts), so
// they are on screen before the app's JavaScript has arrived. The live chart (CandleChart.svelte)
// takes the box over once it has painted the same bars. The layout mirrors the live chart's: the
// whole window across the width (4 bars of room on the right), candles in the upper pane with
// lightweight-charts' default margins, volume in a lower pane, prices on a right-hand scale.
// The bars are an <img> (an SVG data URL, allowed by the page's `img-src data:`) so the browser
// reports when they are painted (Element Timing, read by bench/page.ts); the scale is inline SVG text.
import type { Candle, Interval } from '@tickstream/shared';
import { formatPrice } from '../format.ts';

/**
 * A chart opens on the whole range it asked for (1Y shows the year, as on Yahoo), up to this many
 * bars: beyond it candles would be thinner than a pixel, so it opens on the latest ones.
 */
export const INITIAL_BARS = 1000;
/** lightweight-charts' `rightOffset` of the live chart (chart-view.ts), in bars */
export const RIGHT_OFFSET = 4;
/** the Element Timing identifier of the drawn bars */
export const STATIC_CHART_TIMING = 'static-candles';

// The candle pane's share of the height (the volume pane below it: chart-view.ts), as measured on screen.
const MAIN = 900;
// lightweight-charts' default price scale margins: 20% free above the highest bar, 10% below the lowest.
const TOP = 0.2;
const BOTTOM = 0.1;
const SLOT = 10; // x units per bar

/**
 * The chart colours of app.css (--up, --down, --chart-*-volume, --chart-grid), light then dark: an
 * image cannot read the page's custom properties. static-chart.test.ts checks they match app.css.
 */
export const STATIC_COLORS = {
  light: { up: '#166534', down: '#b91c1c', upVolume: 'rgba(21, 128, 61, 0.4)', downVolume: 'rgba(220, 38, 38, 0.4)', grid: '#f0f2f5' },
  dark: { up: '#22c55e', down: '#f87171', upVolume: 'rgba(34, 197, 94, 0.38)', downVolume: 'rgba(240, 82, 82, 0.38)', grid: '#1d2331' },
} as const;

export interface StaticChartInput {
  symbol: string;
  interval: Interval;
  candles: readonly Candle[];
  /** which window this is (the page compares it with its own before keeping the drawing) */
  key: string;
}

/** Round price steps (1, 2, 2.5, 5 × 10^k) giving about `count` lines between `low` and `high`. */
export function priceTicks(low: number, high: number, count = 5): number[] {
  const span = high - low;
  if (!(span > 0)) return [low];
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let p = Math.ceil(low / step) * step; p <= high + step * 1e-9; p += step) ticks.push(Number(p.toFixed(10)));
  return ticks;
}

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** An SVG as a data URL inside a double-quoted attribute: only what URLs and HTML need escaped. */
const dataUrl = (svg: string) => `data:image/svg+xml,${svg.replace(/%/g, '%25').replace(/#/g, '%23').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/"/g, '%22').replace(/&/g, '%26')}`;

/** The drawing as HTML (empty without bars): the bars image and the price scale, sized by app.css (.static-chart). */
export function renderStaticChart({ symbol, interval, candles, key }: StaticChartInput): string {
  const bars = candles.slice(-INITIAL_BARS);
  if (bars.length === 0) return '';
  const low = Math.min(...bars.map((b) => b.low));
  const high = Math.max(...bars.map((b) => b.high));
  const span = Math.max(high - low, Math.abs(high) * 1e-6, 1e-9);
  // price → y in the candle pane, with the free margins above and below
  const y = (price: number) => Math.round(MAIN * (TOP + (1 - TOP - BOTTOM) * ((high - price) / span)));
  const maxVolume = Math.max(...bars.map((b) => b.volume), 1);
  const volumeHeight = (1000 - MAIN) * (1 - TOP);
  const paths = { up: '', down: '', upVolume: '', downVolume: '' };
  bars.forEach((b, i) => {
    const dir = b.close >= b.open ? 'up' : 'down';
    const x = i * SLOT;
    const top = y(Math.max(b.open, b.close));
    const body = Math.max(y(Math.min(b.open, b.close)) - top, 2);
    // bodies 60% of a bar's room, as lightweight-charts draws them at these spacings
    paths[dir] += `M${x + 5} ${y(b.high)}V${y(b.low)}M${x + 2} ${top}h6v${body}h-6z`;
    const v = Math.round((b.volume / maxVolume) * volumeHeight);
    if (v > 0) paths[dir === 'up' ? 'upVolume' : 'downVolume'] += `M${x + 2} 1000v-${v}h6v${v}z`;
  });
  const ticks = priceTicks(low, high, 12).filter((p) => y(p) > 8 && y(p) < MAIN - 8);
  const width = (bars.length + RIGHT_OFFSET) * SLOT;
  const grid = ticks.map((p) => `M0 ${y(p)}H${width}`).join('');
  const css = (c: Record<keyof (typeof STATIC_COLORS)['light'], string>) =>
    `.g{stroke:${c.grid}}.u{fill:${c.up};stroke:${c.up}}.d{fill:${c.down};stroke:${c.down}}.uv{fill:${c.upVolume}}.dv{fill:${c.downVolume}}`;
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${width} 1000' preserveAspectRatio='none'>` +
    `<style>path{vector-effect:non-scaling-stroke;stroke-width:1px}${css(STATIC_COLORS.light)}` +
    `@media (prefers-color-scheme:dark){${css(STATIC_COLORS.dark)}}</style>` +
    `<path class='g' d='${grid}'/><path class='uv' d='${paths.upVolume}'/><path class='dv' d='${paths.downVolume}'/>` +
    `<path class='u' d='${paths.up}'/><path class='d' d='${paths.down}'/></svg>`;
  const last = bars.at(-1)!;
  const alt = `${symbol} ${interval} candles, last close ${formatPrice(last.close, null, 'en-US')}`;
  const labels = ticks
    .map((p) => `<text x="8" y="${((y(p) / 1000) * 100).toFixed(2)}%" dy="0.35em">${escapeHtml(formatPrice(p, null, 'en-US'))}</text>`)
    .join('');
  return (
    `<div class="static-chart" data-static-chart data-key="${escapeHtml(key)}" data-bars="${bars.length}">` +
    `<img class="static-chart-bars" src="${dataUrl(svg)}" alt="${escapeHtml(alt)}" elementtiming="${STATIC_CHART_TIMING}" decoding="sync">` +
    `<svg class="static-chart-scale" aria-hidden="true">${labels}</svg>` +
    `</div>`
  );
}
