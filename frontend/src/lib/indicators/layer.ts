// Draws the chosen indicators as a chart layer: lines over the candles, a line on the volume pane,
// RSI and MACD in panes of their own. Loaded on demand (with trading-signals) the first time a chart
// has an indicator, so pages without any do not download them.
import {
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IPaneApi,
  type ISeriesApi,
  type LineWidth,
  type Time,
} from 'lightweight-charts';
import type { Candle } from '@tickstream/shared';
import type { ChartHost, ChartLayer } from '../chart/layers.ts';
import { isDailyInterval } from '@tickstream/shared';
import { createCalc, type IndicatorCalc, type IndicatorValues, type SessionOf } from './compute.ts';
import { exchangeSessions } from './sessions.ts';
import { KINDS, indicatorColor, type IndicatorConfig } from './spec.ts';

type Series = ISeriesApi<'Line' | 'Histogram', Time>;

interface Drawn {
  config: IndicatorConfig;
  color: string;
  calc: IndicatorCalc;
  series: Series[];
  /** the pane it added (RSI, MACD), removed with it */
  pane: IPaneApi<Time> | null;
  lastTime: number | null;
  /** the values at the newest bar, for the legend when the crosshair is away */
  last: IndicatorValues;
}

/** Each indicator's values (by id) at the bar under the crosshair, or at the newest bar. */
export type IndicatorReadout = ReadonlyMap<string, IndicatorValues>;

export interface IndicatorLayer extends ChartLayer {
  /** Shows exactly these (added, re-parameterised and removed by id). */
  set(configs: readonly IndicatorConfig[]): void;
}

// relative to the price pane (1): about a quarter of the chart each, readable, the candles still first
const OWN_PANE_STRETCH = 0.55;
const same = (a: IndicatorConfig, b: IndicatorConfig) => JSON.stringify(a) === JSON.stringify(b);

export function createIndicatorLayer(host: ChartHost, onReadout: (r: IndicatorReadout) => void = () => {}): IndicatorLayer {
  const drawn = new Map<string, Drawn>();
  let hovering = false;
  // VWAP restarts at each of the exchange's trading days; the zone may arrive after the history (a reset follows)
  const daily = isDailyInterval(host.interval);
  let zone: string | null | undefined;
  let sessions: SessionOf | null = null;
  const sessionsNow = (): SessionOf | null => {
    if (daily) return null;
    const z = host.exchangeTimeZone();
    if (z !== zone || sessions === null) [zone, sessions] = [z, exchangeSessions(z)];
    return sessions;
  };

  function readLast(): void {
    if (!hovering) onReadout(new Map([...drawn].map(([id, d]) => [id, d.last])));
  }

  const offCrosshair = host.onCrosshair((param) => {
    hovering = param.time !== undefined;
    if (!hovering) return readLast();
    const at = (s: Series) => (param.seriesData.get(s) as { value?: number } | undefined)?.value ?? null;
    onReadout(new Map([...drawn].map(([id, d]) => [id, d.series.map(at)])));
  });

  function makeSeries(d: Drawn, pane: IPaneApi<Time>): Series[] {
    const line = (color: string, width: LineWidth = 2, style: LineStyle = LineStyle.Solid) =>
      pane.addSeries(LineSeries, {
        color,
        lineWidth: width,
        lineStyle: style,
        priceLineVisible: false,
        lastValueVisible: d.pane !== null,
        crosshairMarkerVisible: false,
        ...(d.config.kind === 'volma' ? { priceFormat: { type: 'volume' as const } } : {}),
      });
    switch (d.config.kind) {
      case 'bb':
        return [line(d.color, 1), line(d.color, 1, LineStyle.Dashed), line(d.color, 1)];
      case 'macd':
        return [line(d.color), line(host.colors().level), pane.addSeries(HistogramSeries, { priceLineVisible: false, lastValueVisible: false })];
      case 'rsi': {
        const rsi = line(d.color);
        // always 0–100, with thin margins so the scale does not read 120 or −20
        rsi.applyOptions({ autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 100 } }) });
        rsi.priceScale().applyOptions({ scaleMargins: { top: 0.06, bottom: 0.06 } });
        for (const price of [70, 30])
          rsi.createPriceLine({ price, color: host.colors().reference, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: false, title: '' });
        return [rsi];
      }
      default:
        return [line(d.color)];
    }
  }

  function point(d: Drawn, time: number, values: IndicatorValues, k: number) {
    const t = host.toChartTime(time);
    const value = values[k];
    if (value === null || value === undefined) return { time: t };
    if (d.config.kind === 'macd' && k === 2) {
      const { up, down } = host.colors();
      return { time: t, value, color: value >= 0 ? up : down };
    }
    return { time: t, value };
  }

  function redraw(d: Drawn, bars: readonly Candle[]): void {
    d.calc = createCalc(d.config, sessionsNow());
    const all = bars.map((b) => d.calc.push(b, false));
    d.series.forEach((s, k) => s.setData(bars.map((b, i) => point(d, b.time, all[i]!, k))));
    d.lastTime = bars.at(-1)?.time ?? null;
    d.last = all.at(-1) ?? [];
  }

  function add(config: IndicatorConfig, color: string, pane: IPaneApi<Time> | null = null): Drawn {
    const place = KINDS[config.kind].place;
    const own = place === 'own' ? (pane ?? host.addPane(OWN_PANE_STRETCH)) : null;
    const d: Drawn = { config, color, calc: createCalc(config, sessionsNow()), series: [], pane: own, lastTime: null, last: [] };
    d.series = makeSeries(d, own ?? host.pane(place === 'volume' ? 'volume' : 'price'));
    redraw(d, host.bars());
    return d;
  }

  function remove(d: Drawn, keepPane = false): void {
    for (const s of d.series) host.removeSeries(s);
    if (d.pane && !keepPane) host.removePane(d.pane);
  }

  return {
    set(configs) {
      const wanted = new Set(configs.map((c) => c.id));
      for (const [id, d] of drawn)
        if (!wanted.has(id)) {
          remove(d);
          drawn.delete(id);
        }
      configs.forEach((config, i) => {
        const color = indicatorColor(i);
        const d = drawn.get(config.id);
        if (d && same(d.config, config) && d.color === color) return;
        if (d) remove(d, true);
        drawn.set(config.id, add(config, color, d?.pane ?? null));
      });
      readLast();
    },
    reset(bars) {
      for (const d of drawn.values()) redraw(d, bars);
      readLast();
    },
    update(bar, historical) {
      for (const d of drawn.values()) {
        // A revised older bar changes every value after it: recompute (rare: late data).
        if (historical || d.lastTime === null || bar.time < d.lastTime) {
          redraw(d, host.bars());
          continue;
        }
        const values = d.calc.push(bar, bar.time === d.lastTime);
        d.lastTime = bar.time;
        d.last = values;
        d.series.forEach((s, k) => s.update(point(d, bar.time, values, k)));
      }
      readLast();
    },
    setColors() {
      for (const d of drawn.values()) {
        remove(d, true);
        drawn.set(d.config.id, add(d.config, d.color, d.pane));
      }
    },
    destroy() {
      offCrosshair();
      for (const d of drawn.values()) remove(d);
      drawn.clear();
    },
  };
}
