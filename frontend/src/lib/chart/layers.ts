// Extension point of the candle chart: layers (indicators, comparisons) draw their own series in
// the price or volume pane or in panes they add, and are fed every bar the candles are fed.
import type { IPaneApi, ISeriesApi, MouseEventParams, SeriesType, Time, UTCTimestamp } from 'lightweight-charts';
import type { Candle, Interval } from '@tickstream/shared';
import type { ChartColors } from './chart-view.ts';
import type { ChartSink } from './feed.ts';

/** What a layer may use of the chart. */
export interface ChartHost {
  readonly interval: Interval;
  /** the exchange's IANA zone (the quote's `exchangeTimezoneName`), null until known: its trading days are the sessions */
  exchangeTimeZone(): string | null;
  /** chart time of a bar time (intraday bars are shifted to the local clock) */
  toChartTime(time: number): UTCTimestamp;
  colors(): ChartColors;
  /** the bars on screen (the array the feed keeps current), for a layer added after the history */
  bars(): readonly Candle[];
  pane(which: 'price' | 'volume'): IPaneApi<Time>;
  /** a new pane below the others; `stretch` relative to the price pane's 1 */
  addPane(stretch: number): IPaneApi<Time>;
  removePane(pane: IPaneApi<Time>): void;
  removeSeries(series: ISeriesApi<SeriesType, Time>): void;
  /** the crosshair moved (param.time undefined: it left the chart); returns the unsubscription */
  onCrosshair(handler: (param: MouseEventParams<Time>) => void): () => void;
}

export interface ChartLayer extends ChartSink {
  setColors?(colors: ChartColors): void;
  destroy(): void;
}

/** The layers on one chart, fed in the order they were added. */
export class LayerHub implements ChartSink {
  #host: ChartHost;
  #layers = new Set<ChartLayer>();

  constructor(host: ChartHost) {
    this.#host = host;
  }

  /** Draws a layer from now on, fed the current bars at once; returns its removal. */
  add(create: (host: ChartHost) => ChartLayer): () => void {
    const layer = create(this.#host);
    this.#layers.add(layer);
    layer.reset(this.#host.bars());
    return () => {
      if (this.#layers.delete(layer)) layer.destroy();
    };
  }

  reset(bars: readonly Candle[]): void {
    for (const layer of this.#layers) layer.reset(bars);
  }

  update(bar: Candle, historical: boolean): void {
    for (const layer of this.#layers) layer.update(bar, historical);
  }

  setColors(colors: ChartColors): void {
    for (const layer of this.#layers) layer.setColors?.(colors);
  }

  destroy(): void {
    for (const layer of this.#layers) layer.destroy();
    this.#layers.clear();
  }
}
