import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { INITIAL_BARS, SCALE_WIDTHS, STATIC_COLORS, drawStaticChart, priceTicks, renderStaticChart } from './static-chart.ts';
import { timeMarks } from './static-time-axis.ts';
import { TICK_MARK } from '../format.ts';
import { renderStaticPage } from './static-page.ts';

const bar = (i: number, open: number, close: number, extra: Partial<Candle> = {}): Candle => ({
  time: 1_700_000_000 + i * 60,
  open,
  close,
  high: Math.max(open, close) + 1,
  low: Math.min(open, close) - 1,
  volume: 100,
  ...extra,
});

/** The SVG inside the drawing's <img>, and its paths' `d` by class. */
function drawn(html: string) {
  const src = /<img class="static-chart-bars" src="data:image\/svg\+xml,([^"]*)"/.exec(html)?.[1];
  if (src === undefined) throw new Error('no drawing');
  const svg = decodeURIComponent(src);
  const d = (cls: string) => new RegExp(`<path class='${cls}' d='([^']*)'`).exec(svg)?.[1] ?? '';
  // the last bar is drawn apart, inline (class up/down and up-volume/down-volume)
  const last = (cls: string) => (new RegExp(`<path class="${cls}" d="([^"]*)"`).exec(html)?.[1]?.match(/z/g) ?? []).length;
  const count = (path: string) => (path.match(/z/g) ?? []).length;
  return {
    svg,
    d,
    candles: (cls: 'u' | 'd') => count(d(cls)) + last(cls === 'u' ? 'up' : 'down'),
    volumes: (cls: 'uv' | 'dv') => count(d(cls)) + last(cls === 'uv' ? 'up-volume' : 'down-volume'),
  };
}

const render = (candles: Candle[]) => renderStaticChart({ symbol: 'AAPL', interval: '1m', candles, key: 'AAPL 1d 1m' });

describe('the server-drawn chart', () => {
  it('draws every bar as a candle with its volume, rising ones in the up colour and falling ones in the down colour', () => {
    const { candles, volumes } = drawn(render([bar(0, 10, 11), bar(1, 11, 10), bar(2, 10, 12)]));
    expect(candles('u')).toBe(2);
    expect(candles('d')).toBe(1);
    expect(volumes('uv')).toBe(2);
    expect(volumes('dv')).toBe(1);
  });

  it('draws the last bar apart from the picture of the others: a tick inside it leaves the picture as it was', () => {
    const bars = [bar(0, 10, 11), bar(1, 11, 10), bar(2, 10, 10.5)];
    const before = drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: bars, key: '' })!;
    const after = drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: [...bars.slice(0, 2), { ...bars[2]!, close: 10.7 }], key: '' })!;
    expect(after.src).toBe(before.src);
    expect(after.last).not.toBe(before.last);
  });

  it('frames the bars as the live chart does: highest high 20% below the top, lowest low 10% above the candle pane', () => {
    const { d } = drawn(render([bar(0, 10, 20, { high: 30, low: 5 }), bar(1, 20, 15)]));
    // the first candle's wick runs from its high to its low (y units of 1000; candle pane 900)
    expect(d('u')).toMatch(/^M5 180V810M/);
  });

  it('draws the latest bars the live chart opens on, at most its initial count', () => {
    const many = Array.from({ length: INITIAL_BARS + 50 }, (_, i) => bar(i, 10, i % 2 ? 11 : 9));
    const html = render(many);
    expect(html).toContain(`data-bars="${INITIAL_BARS}"`);
    const { candles } = drawn(html);
    expect(candles('u') + candles('d')).toBe(INITIAL_BARS);
  });

  it('names what it shows, and lists round prices on its scale', () => {
    const html = render([bar(0, 190, 191), bar(1, 191, 195.5)]);
    expect(html).toContain('alt="AAPL 1m candles, last close 195.50"');
    expect(html).toContain('data-key="AAPL 1d 1m"');
    expect(html).toMatch(/<text [^>]*>192\.00<\/text>/);
  });

  it('draws nothing without bars (the page shows its loading state then)', () => {
    expect(render([])).toBe('');
    expect(renderStaticPage({ symbol: 'AAPL', range: '1d', interval: '1m', candles: [] })).toBe('');
  });

  it("leaves room in the page's outline for the adjustment note daily charts show", () => {
    const page = (adjusted?: 'split') => renderStaticPage({ symbol: 'AAPL', range: '1y', interval: '1d', candles: [bar(0, 1, 2)], adjusted });
    expect(page('split')).toContain('class="static-tools with-note"');
    expect(page()).toContain('class="static-tools"');
  });

  it('escapes what it writes into the page', () => {
    const html = renderStaticChart({ symbol: 'A"<b>', interval: '1m', candles: [bar(0, 1, 2)], key: '"><script>' });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
  });

  it("uses app.css's chart colours, light and dark (an image cannot read the page's)", () => {
    const css = readFileSync(new URL('../../app.css', import.meta.url), 'utf8');
    const [light, dark] = css.split('@media (prefers-color-scheme: dark)');
    const value = (block: string | undefined, name: string) => new RegExp(`--${name}:\\s*([^;]+);`).exec(block ?? '')?.[1];
    for (const [scheme, block] of [['light', light], ['dark', dark]] as const) {
      const c = STATIC_COLORS[scheme];
      expect([c.up, c.down, c.upVolume, c.downVolume, c.grid]).toEqual(
        ['up', 'down', 'chart-up-volume', 'chart-down-volume', 'chart-grid'].map((n) => value(block, n)),
      );
    }
  });
});

describe('the drawing the page keeps live', () => {
  const bars = [bar(0, 100, 101), bar(1, 101, 102), bar(2, 102, 101.5)];
  const draw = (extra: Partial<Parameters<typeof drawStaticChart>[0]> = {}) =>
    drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: bars, key: '', ...extra })!;
  const wick = (src: string) => /class='u' d='M5 (\d+)V(\d+)/.exec(decodeURIComponent(src.slice('data:image/svg+xml,'.length)))!.slice(1).map(Number);

  it('draws the previous close and alert levels across, with their prices on the scale, and keeps a near one in the frame', () => {
    const plain = draw();
    const withLines = draw({ lines: [{ price: 98, kind: 'reference' }, { price: 104, kind: 'level' }] });
    expect(withLines.lines).toContain('<line class="reference"');
    expect(withLines.lines).toContain('<line class="level"');
    expect(withLines.scale).toMatch(/<text class="reference" [^>]*>98\.00<\/text>/);
    expect(withLines.scale).toMatch(/<text class="level" [^>]*>104\.00<\/text>/);
    // the frame widened to hold both lines: the first candle's wick is shorter than without them
    const [top, bottom] = wick(withLines.src);
    const [plainTop, plainBottom] = wick(plain.src);
    expect(bottom! - top!).toBeLessThan(plainBottom! - plainTop!);
  });

  it('leaves out a line far from every bar (the frame would squash the candles), as the live chart does', () => {
    const far = draw({ lines: [{ price: 500, kind: 'level' }] });
    expect(far.lines).not.toContain('class="level"');
    expect(wick(far.src)).toEqual(wick(draw().src));
  });

  it("leaves out a round price a line's label would cover, and keeps the others", () => {
    // the round prices (the lines' and the last price's labels carry a class or sit in their own box)
    const rounds = (scale: string) => [...scale.matchAll(/<text x="8" y="[^"]*" dy="0.35em">([\d.,]+)<\/text>/g)].map((m) => m[1]);
    const plain = rounds(draw().scale);
    // a level just off a round price the plain scale shows
    const covered = plain.find((p) => p !== undefined && Math.abs(Number(p) - 101.5) > 1)!;
    const withLevel = rounds(draw({ lines: [{ price: Number(covered) + 0.01, kind: 'level' }] }).scale);
    expect(withLevel).not.toContain(covered);
    expect(withLevel.length).toBeGreaterThan(1);
    // the last price covers its neighbour too
    expect(plain.some((p) => Math.abs(Number(p) - 101.5) < 0.05)).toBe(false);
  });

  it('marks the last price on the scale and across the chart in the colour of its bar', () => {
    expect(draw().scale).toMatch(/<svg class="last down" [^>]*>.*101\.50<\/text><\/svg>/);
    expect(draw().lines).toContain('<line class="last down"');
    const rising = drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: [bar(0, 1, 2)], key: '' })!;
    expect(rising.scale).toContain('class="last up"');
  });

  it('labels the time axis where round steps begin, and names the day where a new one starts', () => {
    // 1m bars from 22:00 to 02:00 UTC: hourly labels, midnight named by its date
    const night = Array.from({ length: 240 }, (_, i) => ({ ...bar(0, 1, 2), time: Date.UTC(2026, 11, 1, 22) / 1000 + i * 60 }));
    const label = (t: number, type: number) => (type === TICK_MARK.day ? `day ${new Date(t * 1000).getUTCDate()}` : `${new Date(t * 1000).getUTCHours()}h`);
    const parts = drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: night, key: '', timeLabel: label })!;
    const texts = [...parts.times.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(['23h', 'day 2', '1h']);
    // the server writes no time labels (the zone is the reader's)
    expect(drawStaticChart({ symbol: 'AAPL', interval: '1m', candles: night, key: '' })!.times).toBe('');
  });

  it('chooses about six marks whatever the span: hours for a day of 1m bars, months for a year of days', () => {
    const day = Array.from({ length: 390 }, (_, i) => ({ ...bar(0, 1, 2), time: Date.UTC(2026, 11, 1, 14, 30) / 1000 + i * 60 }));
    expect(timeMarks(day).map((m) => new Date(day[m.index]!.time * 1000).getUTCMinutes())).toEqual(timeMarks(day).map(() => 0));
    expect(timeMarks(day).length).toBeGreaterThanOrEqual(3);
    expect(timeMarks(day).length).toBeLessThanOrEqual(7);
    const year = Array.from({ length: 252 }, (_, i) => ({ ...bar(0, 1, 2), time: Date.UTC(2026, 0, 2) / 1000 + Math.floor(i * 1.45) * 86_400 }));
    expect(new Set(timeMarks(year).map((m) => m.type))).toEqual(new Set([TICK_MARK.month]));
  });
});

describe("the drawing's price scale", () => {
  it('widens for longer prices, by the widths app.css gives each size', () => {
    const sized = (price: number) => drawStaticChart({ symbol: 'X', interval: '1m', candles: [bar(0, price, price * 1.001)], key: '' })!.scaleSize;
    expect([sized(197), sized(89_200), sized(1_234_567)]).toEqual(['s', 'm', 'l']);
    const css = readFileSync(new URL('../../app.css', import.meta.url), 'utf8');
    const width = (size: string) => new RegExp(`\\.static-chart${size === 's' ? '' : `\\[data-scale='${size}'\\]`} \\{[^}]*--scale-width: (\\d+)px`).exec(css)?.[1];
    for (const [size, px] of Object.entries(SCALE_WIDTHS)) expect(Number(width(size))).toBe(px);
  });
});

describe('price scale steps', () => {
  it('are round numbers covering the range', () => {
    expect(priceTicks(0.3, 9.7, 5)).toEqual([2, 4, 6, 8]);
    expect(priceTicks(194.2, 199.6, 12)).toEqual([194.5, 195, 195.5, 196, 196.5, 197, 197.5, 198, 198.5, 199, 199.5]);
    expect(priceTicks(5, 5)).toEqual([5]);
  });
});
