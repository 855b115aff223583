// The chart's axis labels come from the page's formatter (format.ts), not the chart library's own:
// lightweight-charts is replaced by a recorder of the options it is given, and the formatters found
// there are called as the library would call them.
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The parts of the library's options this test reads. */
interface Options {
  priceFormat?: { formatter(value: number): string };
  timeScale?: { tickMarkFormatter?(time: number, type: number): string };
  localization?: { timeFormatter?(time: number): string };
}
interface Recorded {
  chartOptions: Options[];
  series: { kind: string; options: Options[] }[];
}
const recorded: Recorded = { chartOptions: [], series: [] };

vi.mock('lightweight-charts', () => {
  const series = (kind: string, options: Options) => {
    const entry = { kind, options: [options] };
    recorded.series.push(entry);
    return {
      applyOptions: (o: Options) => entry.options.push(o),
      setData: () => {},
      update: () => {},
      createPriceLine: () => ({ applyOptions: () => {} }),
      removePriceLine: () => {},
    };
  };
  const timeScale = { subscribeVisibleLogicalRangeChange: () => {}, subscribeSizeChange: () => {}, fitContent: () => {}, scrollPosition: () => 0, setVisibleLogicalRange: () => {} };
  return {
    CandlestickSeries: 'candles',
    HistogramSeries: 'volume',
    ColorType: { Solid: 'solid' },
    CrosshairMode: { Normal: 0 },
    LineStyle: { Dashed: 2, LargeDashed: 3 },
    createChart: (_el: unknown, options: Options) => {
      recorded.chartOptions.push(options);
      return {
        addSeries: (kind: string, options: Options) => series(kind, options),
        applyOptions: (o: Options) => recorded.chartOptions.push(o),
        panes: () => [{ setStretchFactor: () => {} }, { setStretchFactor: () => {} }],
        subscribeCrosshairMove: () => {},
        timeScale: () => timeScale,
      };
    },
  };
});

const { createChartView } = await import('./chart-view.ts');
const { formatAxisPrice, formatVolume } = await import('../format.ts');

const colors = { background: '#fff', text: '#000', grid: '#eee', border: '#ccc', up: '#0a0', down: '#a00', upVolume: '#0a0', downVolume: '#a00', reference: '#666', level: '#f90' };
const bar = (time: number, close: number) => ({ time, open: close, high: close, low: close, close, volume: 1_234_567 });
const at = (iso: string) => Date.parse(iso) / 1000;

/** The last value a key was given, across createChart and every applyOptions since. */
function latest<T>(list: Options[], read: (o: Options) => T | undefined): T {
  const found = list.map(read).filter((v) => v !== undefined).at(-1);
  if (found === undefined) throw new Error('the chart was never given that option');
  return found;
}

function open(interval: '1m' | '1d', timeZone: string) {
  recorded.chartOptions.length = 0;
  recorded.series.length = 0;
  const view = createChartView({} as HTMLElement, { interval, timeZone, colors, onHover: () => {}, onScrolledAway: () => {} });
  const candles = recorded.series.find((s) => s.kind === 'candles')!;
  const volume = recorded.series.find((s) => s.kind === 'volume')!;
  return {
    view,
    price: (p: number) => latest(candles.options, (o) => o.priceFormat).formatter(p),
    volume: (v: number) => latest(volume.options, (o) => o.priceFormat).formatter(v),
    tick: (t: number, type: number) => latest(recorded.chartOptions, (o) => o.timeScale?.tickMarkFormatter)(t, type),
    crosshair: (t: number) => latest(recorded.chartOptions, (o) => o.localization?.timeFormatter)(t),
  };
}

describe('the candle chart labels its axes with the page formatter', () => {
  beforeEach(() => {
    vi.stubGlobal('navigator', { language: 'en-US' });
    vi.stubGlobal('requestAnimationFrame', () => 0);
  });

  it('writes price-axis labels with grouping and the series decimals, as prices elsewhere on the page', () => {
    const chart = open('1m', 'UTC');
    chart.view.reset([bar(at('2024-12-02T14:30:00Z'), 7335.65)]);
    expect(chart.price(7335.65)).toBe('7,335.65');
    expect(chart.price(7335.65)).toBe(formatAxisPrice(7335.65, 2, 'en-US'));
    // a sub-dollar instrument: every label gets four decimals, like its quote
    chart.view.reset([bar(at('2024-12-02T14:30:00Z'), 0.4567)]);
    expect(chart.price(0.45)).toBe('0.4500');
    expect(chart.price(1)).toBe('1.0000');
  });

  it('writes volume-axis labels as the legend does (compact)', () => {
    const chart = open('1m', 'UTC');
    expect(chart.volume(1_234_567)).toBe(formatVolume(1_234_567, 'en-US'));
    expect(chart.volume(1_234_567)).toBe('1.2M');
  });

  it('writes time-axis and crosshair labels in the chosen zone, and follows a zone change', () => {
    const chart = open('1m', 'America/New_York');
    const open930 = at('2024-12-02T14:30:00Z');
    expect(chart.tick(open930, 3)).toBe('09:30');
    expect(chart.crosshair(open930)).toBe('Mon, Dec 2, 24, 09:30 GMT-5');
    chart.view.setTimeZone('UTC');
    expect(chart.tick(open930, 3)).toBe('14:30');
    expect(chart.crosshair(open930)).toBe('Mon, Dec 2, 24, 14:30 UTC');
  });

  it('labels daily bars by their trading day whatever the zone', () => {
    const chart = open('1d', 'America/Los_Angeles');
    expect(chart.tick(at('2024-12-02T00:00:00Z'), 2)).toBe('Dec 2');
    expect(chart.crosshair(at('2024-12-02T00:00:00Z'))).toBe('Mon, Dec 2, 2024');
  });
});
