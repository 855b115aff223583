import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import type { ChartHost } from '../chart/layers.ts';
import type { ChartColors } from '../chart/chart-view.ts';
import { createIndicatorLayer } from './layer.ts';
import { makeIndicator, type IndicatorConfig } from './spec.ts';

type Point = { time: number; value?: number };

/** A stand-in for lightweight-charts: panes hold series that record what they were given. */
function fakeHost(bars: Candle[], exchange: { zone: string | null } = { zone: null }) {
  const log: string[] = [];
  class FakeSeries {
    data: Point[] = [];
    updates = 0;
    constructor(readonly pane: FakePane) {}
    setData(d: Point[]) {
      this.data = d.filter((p) => p.value !== undefined);
    }
    update(p: Point) {
      this.updates++;
      if (p.value === undefined) return;
      if (this.data.at(-1)?.time === p.time) this.data[this.data.length - 1] = p;
      else this.data.push(p);
    }
    applyOptions() {}
    createPriceLine() {}
    priceScale() {
      return { applyOptions() {} };
    }
  }
  class FakePane {
    series: FakeSeries[] = [];
    constructor(readonly name: string) {}
    addSeries() {
      const s = new FakeSeries(this);
      this.series.push(s);
      return s;
    }
  }
  const panes = [new FakePane('price'), new FakePane('volume')];
  const crosshair: { move?: (param: { time?: number; seriesData: Map<unknown, Point> }) => void } = {};
  const host = {
    interval: '1m',
    exchangeTimeZone: () => exchange.zone,
    toChartTime: (t: number) => t,
    colors: () => ({ up: 'green', down: 'red', reference: 'grey', level: 'orange' }) as ChartColors,
    bars: () => bars,
    pane: (which: 'price' | 'volume') => panes[which === 'price' ? 0 : 1],
    addPane: () => {
      const p = new FakePane(`own${panes.length}`);
      panes.push(p);
      log.push(`add ${p.name}`);
      return p;
    },
    removePane: (p: FakePane) => {
      panes.splice(panes.indexOf(p), 1);
      log.push(`remove ${p.name}`);
    },
    removeSeries: (s: FakeSeries) => s.pane.series.splice(s.pane.series.indexOf(s), 1),
    onCrosshair: (fn: typeof crosshair.move) => {
      crosshair.move = fn;
      return () => (crosshair.move = undefined);
    },
  } as unknown as ChartHost;
  return { host, panes, log, crosshair };
}

const bar = (i: number, close: number): Candle => ({ time: 60 * i, open: close, high: close, low: close, close, volume: 10 });
const sma = (period: number): IndicatorConfig => makeIndicator('sma', `sma-${period}`, { period })!;

describe('indicator layer', () => {
  it('draws an SMA over the candles from the bars already on the chart', () => {
    const bars = [1, 2, 3, 4].map((c, i) => bar(i, c));
    const { host, panes } = fakeHost(bars);
    const layer = createIndicatorLayer(host);
    layer.set([sma(2)]);
    expect(panes[0]!.series[0]!.data).toEqual([
      { time: 60, value: 1.5 },
      { time: 120, value: 2.5 },
      { time: 180, value: 3.5 },
    ]);
  });

  it('moves the last point while the forming bar ticks, and adds one when a new bar opens', () => {
    const bars = [1, 2, 3].map((c, i) => bar(i, c));
    const { host, panes } = fakeHost(bars);
    const layer = createIndicatorLayer(host);
    layer.set([sma(2)]);
    const line = panes[0]!.series[0]!;
    bars[2] = bar(2, 5);
    layer.update(bars[2], false);
    expect(line.data.at(-1)).toEqual({ time: 120, value: 3.5 });
    bars.push(bar(3, 7));
    layer.update(bars[3]!, false);
    expect(line.data.slice(-2)).toEqual([
      { time: 120, value: 3.5 },
      { time: 180, value: 6 },
    ]);
    expect(line.updates).toBe(2);
  });

  it('recomputes everything when an older bar is revised', () => {
    const bars = [1, 2, 3].map((c, i) => bar(i, c));
    const { host, panes } = fakeHost(bars);
    const layer = createIndicatorLayer(host);
    layer.set([sma(2)]);
    bars[0] = bar(0, 9);
    layer.update(bars[0], true);
    expect(panes[0]!.series[0]!.data[0]).toEqual({ time: 60, value: 5.5 });
  });

  it('gives RSI and MACD a pane each, keeps a pane when its period changes, and removes it with the indicator', () => {
    const bars = Array.from({ length: 40 }, (_, i) => bar(i, 100 + Math.sin(i)));
    const { host, panes, log } = fakeHost(bars);
    const layer = createIndicatorLayer(host);
    const rsi = makeIndicator('rsi', 'rsi-1')!;
    const macd = makeIndicator('macd', 'macd-1')!;
    layer.set([sma(5), rsi, macd]);
    expect(panes.map((p) => [p.name, p.series.length])).toEqual([
      ['price', 1],
      ['volume', 0],
      ['own2', 1],
      ['own3', 3],
    ]);
    layer.set([sma(5), makeIndicator('rsi', 'rsi-1', { period: 7 })!, macd]);
    expect(panes).toHaveLength(4);
    layer.set([sma(5)]);
    expect(panes.map((p) => p.name)).toEqual(['price', 'volume']);
    expect(log).toEqual(['add own2', 'add own3', 'remove own2', 'remove own3']);
  });

  it('puts the volume average on the volume pane', () => {
    const { host, panes } = fakeHost([bar(0, 1), bar(1, 1)]);
    createIndicatorLayer(host).set([makeIndicator('volma', 'v', { period: 2 })!]);
    expect(panes[1]!.series[0]!.data).toEqual([{ time: 60, value: 10 }]);
  });
});

describe('VWAP on the chart', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const flat = (iso: string, price: number, volume: number): Candle => ({ time: at(iso), open: price, high: price, low: price, close: price, volume });

  it("follows the exchange's trading day, once the quote has told its zone", () => {
    // Friday's post-market bar is at 00:30 UTC on Saturday (19:30 in New York)
    const bars = [flat('2024-03-08T20:00:00Z', 100, 10), flat('2024-03-09T00:30:00Z', 110, 30)];
    const exchange = { zone: null as string | null };
    const { host, panes } = fakeHost(bars, exchange);
    const layer = createIndicatorLayer(host);
    layer.set([makeIndicator('vwap', 'vwap')!]);
    const line = panes[0]!.series[0]!;
    expect(line.data.map((p) => p.value)).toEqual([100, 110]); // UTC days until the zone is known
    exchange.zone = 'America/New_York';
    layer.reset(bars);
    expect(line.data.map((p) => p.value)).toEqual([100, 107.5]);
  });
});

describe('indicator legend readout', () => {
  it('reads the newest values, follows a live tick, and reads the bar under the crosshair while it is there', () => {
    const bars = [1, 2, 3].map((c, i) => bar(i, c));
    const { host, panes, crosshair } = fakeHost(bars);
    const readouts: Map<string, readonly (number | null)[]>[] = [];
    const layer = createIndicatorLayer(host, (r) => readouts.push(new Map(r)));
    layer.set([sma(2)]);
    expect(readouts.at(-1)!.get('sma-2')).toEqual([2.5]);
    bars[2] = bar(2, 5);
    layer.update(bars[2], false);
    expect(readouts.at(-1)!.get('sma-2')).toEqual([3.5]);

    const line = panes[0]!.series[0]!;
    crosshair.move!({ time: 60, seriesData: new Map([[line, { time: 60, value: 1.5 }]]) });
    expect(readouts.at(-1)!.get('sma-2')).toEqual([1.5]);
    const count = readouts.length;
    layer.update(bar(2, 7), false); // a tick while hovering leaves the hovered reading alone
    expect(readouts).toHaveLength(count);
    crosshair.move!({ seriesData: new Map() });
    expect(readouts.at(-1)!.get('sma-2')).toEqual([4.5]);
  });

  it('stops listening to the crosshair when destroyed', () => {
    const { host, crosshair } = fakeHost([bar(0, 1)]);
    createIndicatorLayer(host).destroy();
    expect(crosshair.move).toBeUndefined();
  });
});
