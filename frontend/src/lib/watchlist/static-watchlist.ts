// The watchlist page as the server sends it before the app runs: the page's outline (header bar,
// the list's title, the tool rows) with the list's cards and their latest prices, as the symbol
// page comes with its first candles (lib/chart/static-page.ts). The cards have QuoteCard.svelte's
// own classes (app.css .quote-card); app.css (.static-*) gives the rows around them the size of their
// counterparts in +layout.svelte and the page. The page keeps the
// outline on screen until its own cards show those prices, then removes it (static-takeover.ts).
// Left for the app: the sparklines (their own request), the update time (in the reader's time
// zone, which the server does not know) and the page's controls. The prices are marked for Element
// Timing (`static-prices`): `npm run bench:page` reads when they were painted.
import type { SourceStatus, Tick } from '@tickstream/shared';
import { staleBySource } from '../live/freshness.ts';
import { escapeHtml } from '../chart/static-chart.ts';
import { changeOf, directionOf, formatPercent, formatPrice, formatSigned, priceDigits } from '../format.ts';

export interface StaticWatchlistInput {
  /** the list's name, the page's title */
  title: string;
  /** the list is the environment's (its tool row says so, with a button: a taller row on narrow screens) */
  readOnly: boolean;
  /** how many lists there are (their tabs wrap on a phone) */
  lists: number;
  symbols: readonly string[];
  quotes: readonly Tick[];
  /** the source's status with those quotes: a price it says may be old is drawn as stale, as the card does */
  status: SourceStatus | null;
  /** the reader's locale, from the request (undefined: the server's) */
  locale?: string | undefined;
}

/** the stale tag's explanation (QuoteCard.svelte's too) */
export const STALE_TITLE = 'The data source is failing; this price may be old';

/** what marks the outline in the page; the page's takeover looks for it */
export const STATIC_WATCHLIST = 'data-static-watchlist';

export function renderStaticWatchlist({ title, readOnly, lists, symbols, quotes, status, locale }: StaticWatchlistInput): string {
  const bySymbol = new Map(quotes.map((q) => [q.symbol, q]));
  const cards = symbols.map((symbol) => card(symbol, bySymbol.get(symbol), staleBySource(status, symbol), locale)).join('');
  return (
    `<div class="static-page" data-static-page ${STATIC_WATCHLIST}><div class="static-top"></div>` +
    `<div class="static-main"><div class="static-list-title${lists > 1 ? ' several' : ''}">${escapeHtml(title)}</div>` +
    `<div class="static-list-tools${readOnly ? ' read-only' : ''}"></div>` +
    `<div class="static-cards">${cards}</div></div></div>`
  );
}

/** QuoteCard.svelte's markup, as far as the server knows it, with its classes (app.css .quote-card). */
function card(symbol: string, tick: Tick | undefined, stale: boolean, locale: string | undefined): string {
  const name = tick?.name ? `<span class="quote-card-name">${escapeHtml(tick.name)}</span>` : '';
  const state = tick?.marketState;
  const badge = state ? `<span class="market-badge ${state.toLowerCase()}">${state === 'REGULAR' ? 'OPEN' : escapeHtml(state)}</span>` : '';
  const tag = stale ? `<span class="stale-tag" title="${STALE_TITLE}">stale</span>` : '';
  return (
    `<a class="quote-card${stale ? ' stale' : ''}" href="/symbol/${encodeURIComponent(symbol)}" data-symbol="${escapeHtml(symbol)}">` +
    `<div class="quote-card-head"><span class="quote-card-ident"><span class="quote-card-symbol">${escapeHtml(symbol)}</span>${name}</span>` +
    `<span class="quote-card-tags">${tag}${badge}</span></div>` +
    (tick ? price(tick, locale) : `<div class="quote-card-price num muted">—</div><span class="muted quote-card-small">waiting for the first quote</span>`) +
    `<div class="static-spark"></div><div class="quote-card-foot">&nbsp;</div></a>`
  );
}

/** The price and PriceChange.svelte's change: "+1.23 (+0.65%)", coloured by direction. */
function price(tick: Tick, locale: string | undefined): string {
  const { change, percent } = changeOf(tick);
  const dir = directionOf(change);
  const digits = priceDigits(tick.price);
  const changeText =
    change === null
      ? '<span class="muted">—</span>'
      : `<span>${escapeHtml(formatSigned(change, locale, digits))}</span>${percent === null ? '' : ` <span>(${escapeHtml(formatPercent(percent, locale))})</span>`}`;
  return (
    `<div class="quote-card-price num" data-price="${tick.price}" elementtiming="static-prices">${escapeHtml(formatPrice(tick.price, tick.currency, locale))}</div>` +
    `<span class="change num static-change ${dir ?? ''}">${changeText}</span>`
  );
}
