// Drawing only: the portfolio's % line (area) against the benchmark's (line), lightweight-charts v5,
// labelled in the browser's own clock. What to draw comes from history.ts.
import { AreaSeries, ColorType, LineSeries, createChart, type Time, type UTCTimestamp } from 'lightweight-charts';
import type { BenchmarkPoint, PortfolioHistoryPoint } from '@tickstream/shared';
import { isDateInterval, localTimeZone, zonedLabels } from '../chart/timezone.ts';
import { formatPercent } from '../format.ts';

export interface ValueChart {
  set(interval: string, points: readonly PortfolioHistoryPoint[], benchmark: readonly BenchmarkPoint[], benchmarkSymbol: string): void;
  destroy(): void;
}

/** "#2563eb" -> "rgba(37, 99, 235, 0.35)"; other colour syntaxes fall back to the default blue. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  const [r, g, b] = m ? [m[1], m[2], m[3]].map((x) => parseInt(x ?? '0', 16)) : [37, 99, 235];
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

export function createValueChart(container: HTMLElement): ValueChart {
  const css = getComputedStyle(container);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const accent = v('--accent', '#2563eb');
  const locale = navigator.language;
  // the % axis and labels as everywhere on the page: signed, a true minus, the browser's separators
  const percentFormat = { type: 'custom' as const, minMove: 0.01, formatter: (v: number) => formatPercent(v, locale) };
  const chart = createChart(container, {
    autoSize: true,
    // TradingView's attribution is the page footer's (routes/+layout.svelte)
    layout: { attributionLogo: false, background: { type: ColorType.Solid, color: v('--chart-bg', '#ffffff') }, textColor: v('--chart-text', '#334155') },
    grid: { vertLines: { color: v('--chart-grid', '#eef0f3') }, horzLines: { color: v('--chart-grid', '#eef0f3') } },
    rightPriceScale: { borderColor: v('--chart-border', '#d0d5dd') },
    timeScale: { borderColor: v('--chart-border', '#d0d5dd'), secondsVisible: false },
  });
  const portfolio = chart.addSeries(AreaSeries, {
    lineColor: accent,
    topColor: withAlpha(accent, 0.3),
    bottomColor: withAlpha(accent, 0.02),
    lineWidth: 2,
    title: 'Portfolio',
    priceFormat: percentFormat,
  });
  const benchmarkLine = chart.addSeries(LineSeries, {
    color: v('--chart-benchmark', '#d97706'),
    lineWidth: 2,
    title: 'Benchmark',
    priceLineVisible: false,
    priceFormat: percentFormat,
  });
  let shownInterval = '';
  let shownFirst: number | undefined;

  return {
    set(interval, points, benchmark, benchmarkSymbol) {
      benchmarkLine.applyOptions({ title: benchmarkSymbol });
      if (interval !== shownInterval) {
        const labels = zonedLabels(localTimeZone(), interval, locale);
        chart.applyOptions({
          timeScale: { timeVisible: !isDateInterval(interval), tickMarkFormatter: (t: Time, type: number) => labels.tickMark(t as number, type) },
          localization: { locale, timeFormatter: (t: Time) => labels.crosshair(t as number) },
        });
      }
      portfolio.setData(points.map((p) => ({ time: p.time as UTCTimestamp, value: p.percent })));
      benchmarkLine.setData(benchmark.map((p) => ({ time: p.time as UTCTimestamp, value: p.percent })));
      // a new range or interval fits the whole series; a live tail keeps the user's zoom
      const first = points[0]?.time ?? benchmark[0]?.time;
      if (interval !== shownInterval || first !== shownFirst) chart.timeScale().fitContent();
      shownInterval = interval;
      shownFirst = first;
    },
    destroy() {
      chart.remove();
    },
  };
}
