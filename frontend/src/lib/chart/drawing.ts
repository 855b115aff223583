// The chart as a drawing (static-chart.ts), kept live by the chart's feed: what a symbol page shows
// until the reader reaches for the chart (pointer, touch) or asks for what only the interactive
// chart draws (compare lines, indicators). The chart library is ~53 KB of gzip and, on a phone, its
// first frame alone is 0.6–0.9 s of main-thread work (bench:main-thread): a reader who only looks
// at the candles and the price never pays for it. The drawing shows what the interactive chart
// opens on: the same bars in the same frame, the price scale, the time axis in the chosen zone,
// the previous close and the alert levels.
import type { Candle, Interval } from '@tickstream/shared';
import type { ChartSink } from './feed.ts';
import { SCALE_WIDTHS, drawStaticChart, type StaticChartParts, type StaticLine } from './static-chart.ts';
import { zonedLabels } from './timezone.ts';

export interface ChartDrawingOptions {
  symbol: string;
  interval: Interval;
  /** the bars to draw, read when a frame is drawn (the live chart's) */
  bars: () => readonly Candle[];
  /** IANA zone of the time axis */
  timeZone: string;
  /** the server's drawing of this chart, continued in place (none: the drawing makes its own) */
  adopt?: HTMLElement | null;
  locale?: string;
  /** the price scale's width in px, after each drawing (the legends keep clear of it) */
  onScaleWidth?: (px: number) => void;
  /** once the first bars are drawn */
  onFirstDraw?: () => void;
  /** when to draw (once per animation frame however many updates came; tests draw at once) */
  schedule?: (draw: () => void) => void;
}

const SHAPE =
  '<img class="static-chart-bars" alt="" decoding="sync"><svg class="static-chart-last" aria-hidden="true"></svg>' +
  '<svg class="static-chart-lines" aria-hidden="true"></svg>' +
  '<svg class="static-chart-scale" aria-hidden="true"></svg><svg class="static-chart-times" aria-hidden="true"></svg>';

export class ChartDrawing implements ChartSink {
  readonly element: HTMLElement;
  #opts: ChartDrawingOptions;
  #timeZone: string;
  #previousClose: number | null = null;
  #levels: readonly number[] = [];
  #written: Record<string, string> = {};
  /** counts the changes to bars before the last (resets, historical updates) */
  #pastVersion = 0;
  #parts: StaticChartParts | null = null;
  #pending = false;
  #drawn = false;
  #destroyed = false;

  constructor(opts: ChartDrawingOptions) {
    this.#opts = opts;
    this.#timeZone = opts.timeZone;
    this.element = opts.adopt ?? Object.assign(document.createElement('div'), { className: 'static-chart', innerHTML: SHAPE });
    this.element.dataset.staticChart = '';
  }

  // the bars are read from the feed when the frame is drawn: one drawing however many updates came
  reset(_bars: readonly Candle[]): void {
    this.#pastVersion++;
    this.#request();
  }

  update(_bar: Candle, historical: boolean): void {
    if (historical) this.#pastVersion++;
    this.#request();
  }

  setPreviousClose(price: number | null): void {
    if (price === this.#previousClose) return;
    this.#previousClose = price;
    this.#request();
  }

  setLevels(prices: readonly number[]): void {
    if (prices.length === this.#levels.length && prices.every((p, i) => p === this.#levels[i])) return;
    this.#levels = prices;
    this.#request();
  }

  setTimeZone(timeZone: string): void {
    if (timeZone === this.#timeZone) return;
    this.#timeZone = timeZone;
    this.#request();
  }

  /** Stops drawing and takes the drawing off the page. */
  destroy(): void {
    this.#destroyed = true;
    this.element.remove();
  }

  #request(): void {
    if (this.#pending || this.#destroyed) return;
    this.#pending = true;
    (this.#opts.schedule ?? requestAnimationFrame)(() => {
      this.#pending = false;
      if (!this.#destroyed) this.#draw();
    });
  }

  #draw(): void {
    const { symbol, interval, bars, locale } = this.#opts;
    const lines: StaticLine[] = this.#levels.map((price) => ({ price, kind: 'level' }));
    if (this.#previousClose !== null) lines.unshift({ price: this.#previousClose, kind: 'reference' });
    const labels = zonedLabels(this.#timeZone, interval, locale);
    const parts = drawStaticChart({ symbol, interval, candles: bars(), key: '', lines, timeLabel: labels.tickMark, pastVersion: this.#pastVersion }, this.#parts);
    if (!parts) return; // a reload in flight: what is drawn stays
    this.#parts = parts;
    const part = (name: string) => this.element.querySelector(`.static-chart-${name}`);
    const img = part('bars') as HTMLImageElement | null;
    // a new src on a shown image: the old picture stays until the new one is decoded (no blank frame)
    if (img && img.getAttribute('src') !== parts.src) img.src = parts.src;
    if (img) img.alt = parts.alt;
    // only what changed is written (a tick moves the last bar and price, rarely the scale or axis)
    for (const name of ['last', 'lines', 'scale', 'times'] as const) {
      const el = part(name);
      if (el && this.#written[name] !== parts[name]) el.innerHTML = this.#written[name] = parts[name];
    }
    this.element.dataset.bars = String(parts.bars);
    this.element.dataset.scale = parts.scaleSize;
    this.#opts.onScaleWidth?.(SCALE_WIDTHS[parts.scaleSize]);
    if (!this.#drawn) {
      this.#drawn = true;
      this.#opts.onFirstDraw?.();
    }
  }
}
