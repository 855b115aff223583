// The symbol page's first candles, drawn on the server into the page response (hooks.server.ts), so
// they are on screen before the app's JavaScript has arrived. The live chart (CandleChart.svelte)
// takes the box over once it has painted the same bars. The layout mirrors the live chart's: the
// whole window across the width (4 bars of room on the right), candles in the upper pane with
// lightweight-charts' default margins, volume in a lower pane, prices on a right-hand scale.
// The bars are an <img> (an SVG data URL, allowed by the page's `img-src data:`) so the browser
// reports when they are painted (Element Timing, read by bench/page.ts); the scale is inline SVG text.
import type { Candle, Interval } from '@tickstream/shared';
import { formatPrice } from '../format.ts';
import { timeAxis } from './static-time-axis.ts';

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
/** lightweight-charts' default price scale margins: 20% free above the highest value, 10% below the lowest */
export const SCALE_MARGINS = { top: 0.2, bottom: 0.1 } as const;
const { top: TOP, bottom: BOTTOM } = SCALE_MARGINS;
const SLOT = 10; // x units per bar
/** A scale label's height (18 px) in the drawing's units (1000 = its height) at its smallest (322 px, app.css) */
const LABEL_ROOM = Math.ceil((18 / 322) * 1000);

/**
 * The chart colours of app.css (--up, --down, --chart-*-volume, --chart-grid), light then dark: an
 * image cannot read the page's custom properties. static-chart.test.ts checks they match app.css.
 */
export const STATIC_COLORS = {
  light: { up: '#166534', down: '#b91c1c', upVolume: 'rgba(21, 128, 61, 0.4)', downVolume: 'rgba(220, 38, 38, 0.4)', grid: '#f0f2f5' },
  dark: { up: '#22c55e', down: '#f87171', upVolume: 'rgba(34, 197, 94, 0.38)', downVolume: 'rgba(240, 82, 82, 0.38)', grid: '#1d2331' },
} as const;

/** A horizontal line across the chart: the previous close, or an alert's level. */
export interface StaticLine {
  price: number;
  kind: 'reference' | 'level';
}

export interface StaticChartInput {
  symbol: string;
  interval: Interval;
  candles: readonly Candle[];
  /** which window this is (the page compares it with its own before keeping the drawing) */
  key: string;
  /** drawn across, and kept in the frame when near the bars (as the live chart's autoscale does) */
  lines?: readonly StaticLine[];
  /**
   * The time axis' label of a bar (lightweight-charts' tick mark types, format.ts TICK_MARK). Only
   * the page draws it: the time zone is the reader's choice, which the server does not know.
   */
  timeLabel?: (unixSeconds: number, tickMarkType: number) => string;
  /** changes whenever a bar other than the last may have changed (the page counts its resets) */
  pastVersion?: number;
}

/**
 * The price scale's width (px) by the longest price it shows: app.css sizes `.static-chart` by its
 * `data-scale` (an image cannot widen its own box, and the page's CSP allows no style attributes).
 */
export const SCALE_WIDTHS = { s: 66, m: 80, l: 100 } as const;
export type ScaleSize = keyof typeof SCALE_WIDTHS;
/** "197.80" fits the narrow scale; "89,200.00" (BTC) needs the middle one */
const scaleSize = (longest: number): ScaleSize => (longest <= 7 ? 's' : longest <= 9 ? 'm' : 'l');

/** What the drawing shows, as attribute values and SVG markup (escaped), for the server and the page. */
export interface StaticChartParts {
  bars: number;
  scaleSize: ScaleSize;
  /** what the bars' image depends on: `previous` parts with the same key lend theirs */
  pictureKey: string;
  /** the bars' image (an SVG data URL) and its text alternative */
  src: string;
  alt: string;
  /** inner SVG of the price scale, the last bar, the lines layer and the time scale */
  scale: string;
  last: string;
  lines: string;
  times: string;
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

/** The drawing's parts (null without bars): the server writes them into HTML, the page updates them in place. */
export function drawStaticChart(
  { symbol, interval, candles, lines = [], timeLabel, pastVersion = 0 }: StaticChartInput,
  previous?: StaticChartParts | null,
): StaticChartParts | null {
  const bars = candles.slice(-INITIAL_BARS);
  if (bars.length === 0) return null;
  let low = Math.min(...bars.map((b) => b.low));
  let high = Math.max(...bars.map((b) => b.high));
  // lines near the bars stay in the frame (within 3 spans, as chart-view.ts's autoscale)
  const barSpan = Math.max(high - low, Number.EPSILON);
  const near = lines.filter((l) => Number.isFinite(l.price) && l.price >= low - 3 * barSpan && l.price <= high + 3 * barSpan);
  for (const l of near) [low, high] = [Math.min(low, l.price), Math.max(high, l.price)];
  const span = Math.max(high - low, Math.abs(high) * 1e-6, 1e-9);
  // price → y in the candle pane, with the free margins above and below
  const y = (price: number) => Math.round(MAIN * (TOP + (1 - TOP - BOTTOM) * ((high - price) / span)));
  const pct = (price: number) => ((y(price) / 1000) * 100).toFixed(2);
  const maxVolume = Math.max(...bars.map((b) => b.volume), 1);
  const volumeHeight = (1000 - MAIN) * (1 - TOP);
  /** one bar's candle and volume paths, in the SVG's units */
  const shape = (b: Candle, i: number) => {
    const x = i * SLOT;
    const top = y(Math.max(b.open, b.close));
    const body = Math.max(y(Math.min(b.open, b.close)) - top, 2);
    const v = Math.round((b.volume / maxVolume) * volumeHeight);
    // bodies 60% of a bar's room, as lightweight-charts draws them at these spacings
    return { dir: b.close >= b.open ? 'up' : 'down', candle: `M${x + 5} ${y(b.high)}V${y(b.low)}M${x + 2} ${top}h6v${body}h-6z`, volume: v > 0 ? `M${x + 2} 1000v-${v}h6v${v}z` : '' } as const;
  };
  const ticks = priceTicks(low, high, 12).filter((p) => y(p) > 8 && y(p) < MAIN - 8);
  const width = (bars.length + RIGHT_OFFSET) * SLOT;
  // The last bar is drawn apart (inline, coloured by app.css): a live tick moves only it, so while
  // the frame and the other bars stay, the picture of those is not built or decoded again.
  const pictureKey = `${bars.length} ${bars[0]!.time} ${low} ${high} ${maxVolume} ${pastVersion}`;
  const picture = () => {
    const paths = { up: '', down: '', upVolume: '', downVolume: '' };
    bars.slice(0, -1).forEach((b, i) => {
      const { dir, candle, volume } = shape(b, i);
      paths[dir] += candle;
      paths[dir === 'up' ? 'upVolume' : 'downVolume'] += volume;
    });
    const grid = ticks.map((p) => `M0 ${y(p)}H${width}`).join('');
    const css = (c: Record<keyof (typeof STATIC_COLORS)['light'], string>) =>
      `.g{stroke:${c.grid}}.u{fill:${c.up};stroke:${c.up}}.d{fill:${c.down};stroke:${c.down}}.uv{fill:${c.upVolume}}.dv{fill:${c.downVolume}}`;
    return dataUrl(
      `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ${width} 1000' preserveAspectRatio='none'>` +
        `<style>path{vector-effect:non-scaling-stroke;stroke-width:1px}${css(STATIC_COLORS.light)}` +
        `@media (prefers-color-scheme:dark){${css(STATIC_COLORS.dark)}}</style>` +
        `<path class='g' d='${grid}'/><path class='uv' d='${paths.upVolume}'/><path class='dv' d='${paths.downVolume}'/>` +
        `<path class='u' d='${paths.up}'/><path class='d' d='${paths.down}'/></svg>`,
    );
  };
  const last = bars.at(-1)!;
  const lastShape = shape(last, bars.length - 1);
  const lastBar =
    `<svg viewBox="0 0 ${width} 1000" preserveAspectRatio="none" width="100%" height="100%">` +
    `<path class="${lastShape.dir}-volume" d="${lastShape.volume}"/><path class="${lastShape.dir}" d="${lastShape.candle}"/></svg>`;
  const label = (text: string, at: string, cls = '') => `<text${cls ? ` class="${cls}"` : ''} x="8" y="${at}%" dy="0.35em">${escapeHtml(text)}</text>`;
  // the last price stands out on the scale, in its bar's colour, as on the live chart
  const lastDir = last.close >= last.open ? 'up' : 'down';
  const price = (p: number) => formatPrice(p, null, 'en-US');
  // As on the live chart, a line's label covers the round price it lands on: that one is left out.
  const marked = [...near.map((l) => y(l.price)), y(last.close)];
  const uncovered = (p: number) => marked.every((m) => Math.abs(y(p) - m) >= LABEL_ROOM);
  const scale =
    ticks.filter(uncovered).map((p) => label(price(p), pct(p))).join('') +
    near.map((l) => label(price(l.price), pct(l.price), l.kind)).join('') +
    `<svg class="last ${lastDir}" y="${pct(last.close)}%" overflow="visible"><rect y="-9" height="18" width="100%"/>` +
    `<text x="8" dy="0.35em">${escapeHtml(price(last.close))}</text></svg>`;
  const longest = Math.max(...[...ticks, ...near.map((l) => l.price), last.close].map((p) => price(p).length));
  const times = timeLabel
    ? timeAxis(bars, (index) => ((index * SLOT + SLOT / 2) / width) * 100, timeLabel)
        .map(({ at, text }) => `<text x="${at.toFixed(2)}%" y="50%" dy="0.35em">${escapeHtml(text)}</text>`)
        .join('')
    : '';
  return {
    bars: bars.length,
    scaleSize: scaleSize(longest),
    pictureKey,
    src: previous?.pictureKey === pictureKey ? previous.src : picture(),
    alt: `${symbol} ${interval} candles, last close ${formatPrice(last.close, null, 'en-US')}`,
    scale,
    last: lastBar,
    lines: [...near, { price: last.close, kind: `last ${lastDir}` }]
      .map((l) => `<line class="${l.kind}" x1="0" x2="100%" y1="${pct(l.price)}%" y2="${pct(l.price)}%"/>`)
      .join(''),
    times,
  };
}

/** The drawing as HTML (empty without bars): the bars image and the price scale, sized by app.css (.static-chart). */
export function renderStaticChart(input: StaticChartInput): string {
  const parts = drawStaticChart(input);
  if (!parts) return '';
  return (
    `<div class="static-chart" data-static-chart data-key="${escapeHtml(input.key)}" data-bars="${parts.bars}" data-scale="${parts.scaleSize}">` +
    `<img class="static-chart-bars" src="${parts.src}" alt="${escapeHtml(parts.alt)}" elementtiming="${STATIC_CHART_TIMING}" decoding="sync">` +
    `<svg class="static-chart-last" aria-hidden="true">${parts.last}</svg>` +
    `<svg class="static-chart-lines" aria-hidden="true">${parts.lines}</svg>` +
    `<svg class="static-chart-scale" aria-hidden="true">${parts.scale}</svg>` +
    `<svg class="static-chart-times" aria-hidden="true">${parts.times}</svg>` +
    `</div>`
  );
}
