// The lightweight-charts (v5) adapter: candles + volume pane + previous-close line + crosshair.
// Only drawing lives here; what to draw is decided by ChartFeed (feed.ts).
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  HistogramSeries,
  LineStyle,
  createChart,
  type AutoscaleInfo,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type IPriceLine,
  type ISeriesApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { isDailyInterval, type Candle, type Interval } from '@tickstream/shared';
import type { ChartSink } from './feed.ts';
import { LayerHub, type ChartHost, type ChartLayer } from './layers.ts';
import { zonedLabels } from './timezone.ts';
import { formatAxisPrice, formatVolume, priceDigits } from '../format.ts';
import { INITIAL_BARS, RIGHT_OFFSET } from './static-chart.ts';


export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  reference: string;
  level: string;
}

export interface ChartViewOptions {
  interval: Interval;
  /** IANA zone the time axis and crosshair are labelled in (bar times stay UTC) */
  timeZone: string;
  /** the exchange's IANA zone (null until the quote says it): session-anchored layers (VWAP) follow its days */
  exchangeTimeZone?: string | null;
  colors: ChartColors;
  /** the bar under the crosshair (unshifted unix seconds), or null when it leaves the chart */
  onHover(bar: Candle | null): void;
  /** true when the user has scrolled away from the latest bar */
  onScrolledAway(away: boolean): void;
  /** after the first non-empty data has been painted */
  onFirstPaint?(): void;
  /** the price scale's width in px, whenever it changes (longer prices widen it): overlays keep clear of it */
  onScaleWidth?(px: number): void;
}

/** A horizontal level drawn across the chart (an alert's price), keyed so updates move it in place. */
export interface ChartLevel {
  id: string;
  price: number;
  title: string;
}

export interface ChartView extends ChartSink {
  /** Draws a layer from now on (fed the current bars at once); returns its removal. */
  addLayer(create: (host: ChartHost) => ChartLayer): () => void;
  paneCount(): number;
  setPreviousClose(price: number | null): void;
  /** Replaces the drawn levels with these (same id: moved/retitled in place). */
  setLevels(levels: readonly ChartLevel[]): void;
  setColors(colors: ChartColors): void;
  /** Relabels the time axis and crosshair in this IANA zone. */
  setTimeZone(timeZone: string): void;
  /** The exchange's zone became known or changed: layers are redrawn on its sessions. */
  setExchangeTimeZone(timeZone: string | null): void;
  scrollToLatest(): void;
  /** for overlays drawn on the same chart (compare lines): the chart and its main series */
  readonly chart: IChartApi;
  readonly candles: ISeriesApi<'Candlestick'>;
  destroy(): void;
}

/** Chart colours come from the page's CSS custom properties, so themes live in one stylesheet. */
export function readChartColors(el: Element): ChartColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--chart-bg', '#ffffff'),
    text: v('--chart-text', '#334155'),
    grid: v('--chart-grid', '#eef0f3'),
    border: v('--chart-border', '#d0d5dd'),
    up: v('--up', '#16a34a'),
    down: v('--down', '#dc2626'),
    upVolume: v('--chart-up-volume', 'rgba(22,163,74,0.45)'),
    downVolume: v('--chart-down-volume', 'rgba(220,38,38,0.45)'),
    reference: v('--chart-reference', '#64748b'),
    level: v('--chart-level', '#d97706'),
  };
}

export function createChartView(container: HTMLElement, opts: ChartViewOptions): ChartView {
  let colors = opts.colors;
  const locale = navigator.language;
  const timeLabels = (timeZone: string) => {
    const labels = zonedLabels(timeZone, opts.interval, locale);
    return {
      localization: { locale, timeFormatter: (t: Time) => labels.crosshair(t as number) },
      timeScale: { tickMarkFormatter: (t: Time, type: number) => labels.tickMark(t as number, type) },
    };
  };
  const zoned = timeLabels(opts.timeZone);
  const chart = createChart(container, {
    autoSize: true,
    // TradingView's attribution is the page footer's (routes/+layout.svelte): the logo covered the volume bars.
    layout: { attributionLogo: false, panes: { separatorColor: colors.border } },
    crosshair: { mode: CrosshairMode.Normal },
    // fixLeftEdge: nothing to scroll to before the first bar, and the library then keeps the first
    // time label whole instead of cutting it at the edge ("c 2" for "Dec 2" on a phone's 1D chart).
    timeScale: { timeVisible: !isDailyInterval(opts.interval), secondsVisible: false, rightOffset: RIGHT_OFFSET, fixLeftEdge: true, ...zoned.timeScale },
    localization: zoned.localization,
  });
  let reference: number | null = null;
  let precision = 2;
  // The price axis, the last-price label and the crosshair's price come from the page's formatter.
  const priceFormat = () => ({ type: 'custom' as const, minMove: 10 ** -precision, formatter: (p: number) => formatAxisPrice(p, precision, locale) });
  const candles = chart.addSeries(CandlestickSeries, {
    borderVisible: false,
    priceFormat: priceFormat(),
    // Keep the previous-close line and alert levels on screen when the visible bars are near them
    // (as quote pages do), but not when the user has scrolled far back to a different price level.
    autoscaleInfoProvider: (base: () => AutoscaleInfo | null) => {
      const info = base();
      if (!info?.priceRange) return info;
      let { minValue, maxValue } = info.priceRange;
      const span = Math.max(maxValue - minValue, Number.EPSILON);
      const anchors = [reference, ...[...levels.values()].map((l) => l.options().price)];
      for (const price of anchors) {
        if (price === null || price < info.priceRange.minValue - 3 * span || price > info.priceRange.maxValue + 3 * span) continue;
        minValue = Math.min(minValue, price);
        maxValue = Math.max(maxValue, price);
      }
      return { ...info, priceRange: { minValue, maxValue } };
    },
  });
  const volume = chart.addSeries(
    HistogramSeries,
    { priceFormat: { type: 'custom', minMove: 1, formatter: (v: number) => formatVolume(v, locale) }, lastValueVisible: false, priceLineVisible: false },
    1,
  );
  chart.panes()[1]?.setStretchFactor(0.22);

  let previousClose: IPriceLine | null = null;
  const levels = new Map<string, IPriceLine>();
  let painted = false;
  /** time of the first bar of the last reset */
  let firstTime: number | null = null;

  const toCandle = (b: Candle): CandlestickData<UTCTimestamp> => ({
    time: b.time as UTCTimestamp,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
  });
  const toVolume = (b: Candle): HistogramData<UTCTimestamp> => ({
    time: b.time as UTCTimestamp,
    value: b.volume,
    color: b.close >= b.open ? colors.upVolume : colors.downVolume,
  });

  function applyColors(): void {
    chart.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: colors.background },
        textColor: colors.text,
        panes: { separatorColor: colors.border },
      },
      grid: { vertLines: { color: colors.grid }, horzLines: { color: colors.grid } },
      rightPriceScale: { borderColor: colors.border },
      timeScale: { borderColor: colors.border },
    });
    candles.applyOptions({ upColor: colors.up, downColor: colors.down, wickUpColor: colors.up, wickDownColor: colors.down });
    previousClose?.applyOptions({ color: colors.reference });
    for (const line of levels.values()) line.applyOptions({ color: colors.level });
  }
  applyColors();

  /** Sub-dollar instruments need more than two decimals on the price scale. */
  function fitPrecision(price: number | undefined): void {
    const next = price !== undefined ? priceDigits(price) : 2;
    if (next === precision) return;
    precision = next;
    candles.applyOptions({ priceFormat: priceFormat() });
  }

  let shown: readonly Candle[] = [];
  let exchangeZone = opts.exchangeTimeZone ?? null;
  const layers = new LayerHub({
    interval: opts.interval,
    exchangeTimeZone: () => exchangeZone,
    // bar times stay UTC: the axis labels carry the time zone (timezone.ts)
    toChartTime: (time) => time as UTCTimestamp,
    colors: () => colors,
    bars: () => shown,
    pane: (which) => chart.panes()[which === 'price' ? 0 : 1]!,
    addPane(stretch) {
      const pane = chart.addPane(true);
      pane.setStretchFactor(stretch);
      return pane;
    },
    removePane: (pane) => chart.removePane(pane.paneIndex()),
    removeSeries: (series) => chart.removeSeries(series),
    onCrosshair(handler) {
      chart.subscribeCrosshairMove(handler);
      return () => chart.unsubscribeCrosshairMove(handler);
    },
  });

  chart.subscribeCrosshairMove((param) => {
    if (param.time === undefined) return opts.onHover(null);
    const c = param.seriesData.get(candles) as CandlestickData<UTCTimestamp> | undefined;
    const v = param.seriesData.get(volume) as HistogramData<UTCTimestamp> | undefined;
    if (!c || c.open === undefined) return opts.onHover(null);
    opts.onHover({ time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: v?.value ?? 0 });
  });
  const onRange = () => opts.onScrolledAway(chart.timeScale().scrollPosition() < -1);
  chart.timeScale().subscribeVisibleLogicalRangeChange(onRange);
  // The time scale spans the width the price scale leaves, so its size changes when the price scale's does.
  const onSize = () => opts.onScaleWidth?.(chart.priceScale('right').width());
  chart.timeScale().subscribeSizeChange(onSize);

  return {
    reset(bars) {
      shown = bars;
      fitPrecision(bars.at(-1)?.close);
      candles.setData(bars.map(toCandle));
      volume.setData(bars.map(toVolume));
      layers.reset(bars);
      // Frame the range on the first paint, and again when a reload brought older bars (the
      // symbol's history arrived after a first answer of a few bars).
      const extendsBack = firstTime !== null && bars.length > 0 && bars[0]!.time < firstTime;
      if (bars.length > 0 && (!painted || extendsBack)) {
        if (bars.length <= INITIAL_BARS) chart.timeScale().fitContent();
        else chart.timeScale().setVisibleLogicalRange({ from: bars.length - INITIAL_BARS, to: bars.length + RIGHT_OFFSET });
        // The chart paints in its own animation frame; ours runs after it in the same frame.
        if (!painted) requestAnimationFrame(() => opts.onFirstPaint?.());
        painted = true;
      }
      firstTime = bars[0]?.time ?? firstTime;
    },
    update(bar, historical) {
      candles.update(toCandle(bar), historical);
      volume.update(toVolume(bar), historical);
      layers.update(bar, historical);
    },
    addLayer: (create) => layers.add(create),
    paneCount: () => chart.panes().length,
    setPreviousClose(price) {
      reference = price;
      if (previousClose) candles.removePriceLine(previousClose);
      previousClose =
        price === null
          ? null
          : candles.createPriceLine({
              price,
              color: colors.reference,
              lineWidth: 1,
              lineStyle: LineStyle.Dashed,
              axisLabelVisible: true,
              title: 'prev close',
            });
    },
    setLevels(next) {
      const keep = new Set(next.map((l) => l.id));
      for (const [id, line] of levels) {
        if (keep.has(id)) continue;
        candles.removePriceLine(line);
        levels.delete(id);
      }
      for (const l of next) {
        const existing = levels.get(l.id);
        if (existing) existing.applyOptions({ price: l.price, title: l.title });
        else
          levels.set(
            l.id,
            candles.createPriceLine({
              id: l.id,
              price: l.price,
              title: l.title,
              color: colors.level,
              lineWidth: 2,
              lineStyle: LineStyle.LargeDashed,
              axisLabelVisible: true,
            }),
          );
      }
    },
    setColors(next) {
      colors = next;
      applyColors();
      layers.setColors(next);
    },
    setTimeZone(timeZone) {
      chart.applyOptions(timeLabels(timeZone));
    },
    setExchangeTimeZone(timeZone) {
      if (timeZone === exchangeZone) return;
      exchangeZone = timeZone;
      layers.reset(shown);
    },
    chart,
    candles,
    scrollToLatest() {
      // A jump, not scrollToRealTime()'s 400 ms glide: lightweight-charts 5.2 only moves the chart in
      // frames drawn within those 400 ms, so on a page busy for longer (a slow phone) the click did
      // nothing, or stopped short of the latest bar.
      chart.timeScale().scrollToPosition(RIGHT_OFFSET, false);
    },
    destroy() {
      chart.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      chart.timeScale().unsubscribeSizeChange(onSize);
      layers.destroy();
      chart.remove();
    },
  };
}
