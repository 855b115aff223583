import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { INITIAL_BARS, STATIC_COLORS, priceTicks, renderStaticChart } from './static-chart.ts';
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
  return { svg, d, candles: (cls: 'u' | 'd') => (d(cls).match(/z/g) ?? []).length };
}

const render = (candles: Candle[]) => renderStaticChart({ symbol: 'AAPL', interval: '1m', candles, key: 'AAPL 1d 1m' });

describe('the server-drawn chart', () => {
  it('draws every bar as a candle with its volume, rising ones in the up colour and falling ones in the down colour', () => {
    const { d, candles } = drawn(render([bar(0, 10, 11), bar(1, 11, 10), bar(2, 10, 12)]));
    expect(candles('u')).toBe(2);
    expect(candles('d')).toBe(1);
    expect((d('uv').match(/z/g) ?? []).length).toBe(2);
    expect((d('dv').match(/z/g) ?? []).length).toBe(1);
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

describe('price scale steps', () => {
  it('are round numbers covering the range', () => {
    expect(priceTicks(0.3, 9.7, 5)).toEqual([2, 4, 6, 8]);
    expect(priceTicks(194.2, 199.6, 12)).toEqual([194.5, 195, 195.5, 196, 196.5, 197, 197.5, 198, 198.5, 199, 199.5]);
    expect(priceTicks(5, 5)).toEqual([5]);
  });
});
