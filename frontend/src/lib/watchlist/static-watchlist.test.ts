import { describe, expect, it } from 'vitest';
import type { SourceStatus, Tick } from '@tickstream/shared';
import { makeTick } from '@tickstream/shared/testing';
import { renderStaticWatchlist } from './static-watchlist.ts';

const tick = (symbol: string, price: number, previousClose: number, extra: Partial<Tick> = {}): Tick => makeTick({ symbol, price, previousClose, ...extra });

/** Each card's symbol, shown price, data-price and change, in page order. */
function cards(html: string) {
  return [...html.matchAll(/<a class="quote-card(?: stale)?" href="([^"]*)" data-symbol="([^"]*)">([\s\S]*?)<\/a>/g)].map(([, href, symbol, body = '']) => ({
    href,
    symbol,
    price: /class="quote-card-price[^"]*"[^>]*>([^<]*)</.exec(body)?.[1],
    dataPrice: /data-price="([^"]*)"/.exec(body)?.[1],
    change: /class="change num static-change ([a-z]*)">([\s\S]*?)<\/span><div/.exec(body)?.slice(1).map((s) => s.replace(/<[^>]*>/g, '')),
    body,
  }));
}

describe('the server-drawn watchlist', () => {
  it('draws a card per symbol, in the order given, with its price, change and percent as the live card writes them', () => {
    const html = renderStaticWatchlist({
      title: 'Tech',
      readOnly: true,
      lists: 1,
      status: null,
      symbols: ['MSFT', 'AAPL', 'BTC-USD'],
      quotes: [tick('AAPL', 190.5, 188), tick('MSFT', 400, 410), tick('BTC-USD', 0.5, 0.5, { currency: 'EUR' })],
      locale: 'en-US',
    });
    expect(html).toContain('<div class="static-list-title">Tech</div><div class="static-list-tools read-only"></div>');
    expect(cards(html).map(({ symbol, price, dataPrice, change }) => ({ symbol, price, dataPrice, change }))).toEqual([
      { symbol: 'MSFT', price: '$400.00', dataPrice: '400', change: ['down', '−10.00 (−2.44%)'] },
      { symbol: 'AAPL', price: '$190.50', dataPrice: '190.5', change: ['up', '+2.50 (+1.33%)'] },
      { symbol: 'BTC-USD', price: '€0.5000', dataPrice: '0.5', change: ['flat', '0.0000 (0.00%)'] },
    ]);
  });

  it('formats for the reader\'s locale', () => {
    const html = renderStaticWatchlist({ title: 'L', readOnly: false, lists: 1, status: null, symbols: ['SAP'], quotes: [tick('SAP', 1234.5, 1200, { currency: 'EUR' })], locale: 'de-DE' });
    expect(cards(html)[0]?.price).toBe('1.234,50\u00a0€');
  });

  it('shows a symbol without a quote as waiting, with no price for the page to take over', () => {
    const [card] = cards(renderStaticWatchlist({ title: 'L', readOnly: false, lists: 1, status: null, symbols: ['NEW'], quotes: [] }));
    expect(card?.dataPrice).toBeUndefined();
    expect(card?.body).toContain('waiting for the first quote');
  });

  it('links each card to its symbol page, and escapes every text it writes', () => {
    const html = renderStaticWatchlist({ title: '<b>"mine"</b>', readOnly: false, lists: 2, status: null, symbols: ['^GSPC'], quotes: [tick('^GSPC', 5000, 4990, { name: 'S&P 500 <index>', marketState: 'POST' })] });
    expect(html).toContain('&lt;b&gt;&quot;mine&quot;&lt;/b&gt;');
    expect(html).toContain('S&amp;P 500 &lt;index&gt;');
    expect(html).not.toContain('<b>');
    expect(cards(html)[0]?.href).toBe('/symbol/%5EGSPC');
    expect(html).toContain('<span class="market-badge post">POST</span>');
  });

  it('draws a price the source says may be old as stale, as the live card does', () => {
    const status = { state: 'ok', source: 'simulated', lastSuccessAtMs: 1, nextAttemptAtMs: 2, lastError: null, stale: false, symbolErrors: { MSFT: 'TIMEOUT: no answer' }, backfill: { done: 0, total: 0, running: false } } as unknown as SourceStatus;
    const html = renderStaticWatchlist({ title: 'L', readOnly: false, lists: 1, status, symbols: ['AAPL', 'MSFT'], quotes: [tick('AAPL', 10, 9), tick('MSFT', 10, 9)] });
    expect(html).toContain('<a class="quote-card" href="/symbol/AAPL"');
    expect(html).toContain('<a class="quote-card stale" href="/symbol/MSFT"');
    expect(html.match(/class="stale-tag"/g)).toHaveLength(1);
  });
});
