// Drawing only: the portfolio value line (lightweight-charts v5 area series). What to draw comes
// from value-history.ts; times are shifted to the user's wall clock like the candle charts.
import { AreaSeries, ColorType, createChart, type AreaData, type UTCTimestamp } from 'lightweight-charts';
import { chartTimeShift } from '../chart/timezone.ts';
import { formatPrice } from '../format.ts';
import type { ValuePoint } from './value-history.ts';

export interface ValueChart {
  set(points: readonly ValuePoint[]): void;
  destroy(): void;
}

/** "#2563eb" -> "rgba(37, 99, 235, 0.35)"; other colour syntaxes fall back to the default blue. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  const [r, g, b] = m ? [m[1], m[2], m[3]].map((x) => parseInt(x ?? '0', 16)) : [37, 99, 235];
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The value line is in USD (the portfolio's totals currency): its axis says so, with separators. */
export function createValueChart(container: HTMLElement, currency = 'USD'): ValueChart {
  const css = getComputedStyle(container);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const accent = v('--accent', '#2563eb');
  const shift = chartTimeShift('1m');
  const chart = createChart(container, {
    autoSize: true,
    layout: { background: { type: ColorType.Solid, color: v('--chart-bg', '#ffffff') }, textColor: v('--chart-text', '#334155') },
    grid: { vertLines: { color: v('--chart-grid', '#eef0f3') }, horzLines: { color: v('--chart-grid', '#eef0f3') } },
    rightPriceScale: { borderColor: v('--chart-border', '#d0d5dd') },
    timeScale: { borderColor: v('--chart-border', '#d0d5dd'), timeVisible: true, secondsVisible: false },
    localization: { locale: navigator.language },
  });
  const series = chart.addSeries(AreaSeries, {
    lineColor: accent,
    topColor: withAlpha(accent, 0.35),
    bottomColor: withAlpha(accent, 0.02),
    lineWidth: 2,
    priceFormat: { type: 'custom', minMove: 0.01, formatter: (value: number) => formatPrice(value, currency) },
  });
  let shown: AreaData<UTCTimestamp>[] = [];

  /** true when `next` is `shown` with only its last point changed or one point appended */
  const onlyTailChanged = (next: AreaData<UTCTimestamp>[]) => {
    if (shown.length === 0 || (next.length !== shown.length && next.length !== shown.length + 1)) return false;
    for (let i = 0; i < next.length - 1; i++) {
      const a = next[i]!;
      const b = shown[i];
      if (!b || a.time !== b.time || a.value !== b.value) return false;
    }
    return true;
  };

  return {
    set(points) {
      const data: AreaData<UTCTimestamp>[] = points.map((p) => ({ time: (p.time + shift) as UTCTimestamp, value: p.value }));
      const last = data.at(-1);
      if (last && onlyTailChanged(data)) {
        series.update(last); // a tick: cheap, and keeps the user's zoom
      } else {
        const refit = shown[0]?.time !== data[0]?.time;
        series.setData(data);
        if (refit) chart.timeScale().fitContent();
      }
      shown = data;
    },
    destroy() {
      chart.remove();
    },
  };
}
