// The interactive chart (lightweight-charts, its compare lines and indicators) built over the
// drawing, in a chunk of its own that CandleChart loads when the reader reaches for the chart.
// Until then the chart is a drawing (drawing.ts): a page that is only looked at never downloads
// or runs the chart library.
import type { Candle, Range } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { fetchChartHistory } from '../api/market.ts';
import { IndicatorOverlay } from '../indicators/overlay.ts';
import type { IndicatorReadout } from '../indicators/layer.ts';
import { createChartView, readChartColors, type ChartView } from './chart-view.ts';
import { createCompareView } from './compare-view.ts';
import { CompareLines } from './compare.svelte.ts';
import type { LiveChart } from './live-chart.svelte.ts';

export interface InteractiveChartDeps {
  container: HTMLElement;
  /** the chart's feed and state: its bars are drawn at once, later ones as they come */
  chart: LiveChart;
  connection: LiveConnection;
  /** the range compared symbols' history is fetched for */
  range: Range;
  timeZone: string;
  exchangeTimeZone: string | null;
  onHover(bar: Candle | null): void;
  onScrolledAway(away: boolean): void;
  onScaleWidth(px: number): void;
  /** the bars are on screen: the drawing can go */
  onPainted(): void;
  /** the panes changed (an indicator added or removed one) */
  onPanes(count: number): void;
  onReadout(readout: IndicatorReadout): void;
}

export interface InteractiveChart {
  view: ChartView;
  lines: CompareLines;
  overlay: IndicatorOverlay;
  destroy(): void;
}

export function createInteractiveChart(deps: InteractiveChartDeps): InteractiveChart {
  const { container, chart, connection, range } = deps;
  const { interval } = chart;
  const view = createChartView(container, {
    interval,
    timeZone: deps.timeZone,
    exchangeTimeZone: deps.exchangeTimeZone,
    colors: readChartColors(container),
    onHover: deps.onHover,
    onScrolledAway: deps.onScrolledAway,
    onScaleWidth: deps.onScaleWidth,
    onFirstPaint: deps.onPainted,
  });
  // Compare lines are a layer: they follow the main bar times (fed every bar the candles are).
  let lines!: CompareLines;
  view.addLayer((host) => {
    lines = new CompareLines({
      connection,
      interval,
      view: createCompareView(view.chart),
      mainBars: () => host.bars(),
      load: (other) => fetchChartHistory(fetch, other, interval, range),
    });
    return { reset: () => lines.mainChanged(), update: () => lines.mainChanged(), destroy: () => lines.destroy() };
  });
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const onTheme = () => {
    view.setColors(readChartColors(container));
    chart.repaint();
  };
  dark.addEventListener('change', onTheme);
  const overlay = new IndicatorOverlay(view, () => deps.onPanes(view.paneCount()), deps.onReadout);
  return {
    view,
    lines,
    overlay,
    destroy() {
      dark.removeEventListener('change', onTheme);
      overlay.destroy();
      view.destroy();
    },
  };
}
