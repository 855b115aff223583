// Drawing only: compare lines on the main chart (lightweight-charts v5). While any is shown the price
// scale is in percentage mode, where the library re-bases every series (the candles too) to its close
// at the first visible bar, the same rule as compare.ts's rebase(), which the legend uses.
import { LineSeries, PriceScaleMode, type IChartApi, type ISeriesApi, type LineData, type UTCTimestamp } from 'lightweight-charts';
import { onlyTailChanged, type ClosePoint } from './compare.ts';

export interface CompareView {
  /** Draws (or redraws) one symbol's line: points already aligned to the main bar times. */
  set(symbol: string, color: string, points: readonly ClosePoint[]): void;
  remove(symbol: string): void;
  /** unix seconds of the first visible bar, or null before anything is drawn */
  firstVisibleTime(): number | null;
  /** calls back whenever the visible range moves (scroll, zoom, new bars) */
  onVisibleChange(fn: () => void): () => void;
  destroy(): void;
}

interface Line {
  series: ISeriesApi<'Line'>;
  shown: ClosePoint[];
}

const toData = (p: ClosePoint): LineData<UTCTimestamp> => ({ time: p.time as UTCTimestamp, value: p.value });

export function createCompareView(chart: IChartApi): CompareView {
  const lines = new Map<string, Line>();
  const unsubscribers = new Set<() => void>();

  const setPercentMode = () => {
    chart.priceScale('right', 0).applyOptions({ mode: lines.size > 0 ? PriceScaleMode.Percentage : PriceScaleMode.Normal });
    // The library also keeps that as the default of panes added later (an RSI pane would open in %):
    // setting the volume pane's scale (always Normal) puts the default back, the price pane keeps its mode.
    if (chart.panes().length > 1) chart.priceScale('right', 1).applyOptions({ mode: PriceScaleMode.Normal });
  };

  return {
    set(symbol, color, points) {
      let line = lines.get(symbol);
      if (!line) {
        const series = chart.addSeries(LineSeries, {
          color,
          lineWidth: 2,
          title: symbol,
          priceScaleId: 'right',
          priceLineVisible: false,
          lastValueVisible: true,
        });
        line = { series, shown: [] };
        lines.set(symbol, line);
        setPercentMode();
      }
      const next = [...points];
      const last = next.at(-1);
      if (last && onlyTailChanged(line.shown, next)) line.series.update(toData(last));
      else line.series.setData(next.map(toData));
      line.shown = next;
    },
    remove(symbol) {
      const line = lines.get(symbol);
      if (!line) return;
      chart.removeSeries(line.series);
      lines.delete(symbol);
      setPercentMode();
    },
    firstVisibleTime() {
      const range = chart.timeScale().getVisibleRange();
      return range ? (range.from as number) : null;
    },
    onVisibleChange(fn) {
      const handler = () => fn();
      chart.timeScale().subscribeVisibleTimeRangeChange(handler);
      const off = () => {
        chart.timeScale().unsubscribeVisibleTimeRangeChange(handler);
        unsubscribers.delete(off);
      };
      unsubscribers.add(off);
      return off;
    },
    destroy() {
      for (const off of [...unsubscribers]) off();
      for (const symbol of [...lines.keys()]) this.remove(symbol);
    },
  };
}
