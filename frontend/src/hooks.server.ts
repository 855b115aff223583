// The pages render in the browser (ssr = false), so the API reads their load functions make would
// only start once the app's JavaScript has arrived and run. The shell names them as preloads
// instead: the browser fetches them alongside the JavaScript and `load`'s fetch of the same URL
// takes the preloaded answer (same URL, mode and credentials), saving one round trip after the JS.
// The symbol and watchlist pages go further: what they show first is read in-process (the backend
// hands an API reader over: backend/src/routes/page-reads.ts) and comes in the shell itself, drawn
// (the first candles, the list's cards with their prices: they paint before any JavaScript runs) and
// as data for the page's first reads (lib/api/inline.ts); the app then starts once the drawing is
// on screen (lib/chart/start-after-drawing.ts).
import type { Handle } from '@sveltejs/kit/hooks';
import { symbolSchema } from '@tickstream/shared';
import { chartHistoryPath, fetchChartHistory, fetchQuotes } from '#lib/api/market.ts';
import { inlineBlock } from '#lib/api/inline.ts';
import type { Fetch } from '#lib/api/send.ts';
import { resolveChoice, type ChartChoice } from '#lib/chart/ranges.ts';
import { renderStaticPage } from '#lib/chart/static-page.ts';
import { startAfterDrawing } from '#lib/chart/start-after-drawing.ts';
import { PORTFOLIO_PATH } from '#lib/portfolio/api.ts';
import { WATCHLISTS_PATH, WatchlistsApi } from '#lib/watchlists/api.ts';
import { shownList } from '#lib/watchlists/select.ts';
import { tokenStore } from '#lib/api/token.ts';
import { readViewState } from '#lib/quotes-table/url-state.ts';
import { rowOf } from '#lib/quotes-table/rows.ts';
import { sortRows } from '#lib/quotes-table/sort.ts';
import { renderStaticWatchlist } from '#lib/watchlist/static-watchlist.ts';
import { alertEventsPath } from '#lib/api/alerts.ts';
import { OPENING_EVENTS } from '#lib/alerts/feed.ts';

interface Chosen {
  symbol: string;
  choice: ChartChoice;
}

function chartOf(routeId: string | null, params: Partial<Record<string, string>>, search: URLSearchParams): Chosen | null {
  if (routeId !== '/symbol/[symbol]') return null;
  const symbol = symbolSchema.safeParse(params.symbol ?? '');
  const choice = resolveChoice(search, Math.floor(Date.now() / 1000));
  return symbol.success && choice.ok ? { symbol: symbol.data, choice: choice.choice } : null;
}

/**
 * The URLs this page requests first: the layout's reads on every page (`fetchQuotes`, the watchlists
 * the home page's cards and every "Add to list" wait for, the alert history of the unread count),
 * then `PortfolioApi.portfolio` or the chart's `fetchChartHistory` (lib/api/market.ts). (The
 * portfolio's value history is not named: its range and benchmark are the browser's own choice,
 * kept in localStorage.)
 */
export function preloadsFor(routeId: string | null, params: Partial<Record<string, string>>, search: URLSearchParams): string[] {
  const urls = ['/api/quotes', WATCHLISTS_PATH, alertEventsPath(OPENING_EVENTS)];
  if (routeId === '/portfolio') urls.push(PORTFOLIO_PATH);
  const chart = chartOf(routeId, params, search);
  if (chart) urls.push(chartHistoryPath(chart.symbol, chart.choice.interval, chart.choice.range));
  return urls;
}

/** A Fetch over the in-process reader for the page's own API functions, keeping the JSON text of every answer by URL. */
function recording(read: (path: string) => Promise<unknown>): { fetch: Fetch; answers: Record<string, string> } {
  const answers: Record<string, string> = {};
  const fetch: Fetch = async (path) => {
    const text = JSON.stringify(await read(path));
    answers[path] = text;
    return new Response(text, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, answers };
}

/**
 * The chart's first history, read as the page's `load` would (same requests, same parsing) but
 * in-process; with the JSON text of every answer it got, by URL. Null when any of it failed: the page fetches then.
 */
export async function firstHistory(read: (path: string) => Promise<unknown>, chart: Chosen) {
  const { fetch, answers } = recording(read);
  try {
    const history = await fetchChartHistory(fetch, chart.symbol, chart.choice.interval, chart.choice.range);
    return { history, answers };
  } catch {
    return null;
  }
}

/** The layout's first quotes and lists, read as it reads them, in-process; null when either failed. */
export async function firstWatchlist(read: (path: string) => Promise<unknown>) {
  const { fetch, answers } = recording(read);
  try {
    const [snapshot, lists] = await Promise.all([fetchQuotes(fetch), new WatchlistsApi(fetch, tokenStore(undefined)).all()]);
    return { snapshot, lists, answers };
  } catch {
    return null;
  }
}

/** The reader's first language, when the runtime formats for it (undefined: the server's default). */
export function localeOf(acceptLanguage: string | null): string | undefined {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  if (!first || first === '*') return undefined;
  try {
    return Intl.NumberFormat.supportedLocalesOf([first])[0];
  } catch {
    return undefined; // not a language tag
  }
}

interface FirstPaint {
  /** the drawing ('' when there is nothing to draw: the page still reads the answers) */
  html: string;
  answers: Record<string, string>;
}

/** What the page shows first, drawn, with the answers it was drawn from; null: the page reads everything itself. */
export async function firstPaint(read: (path: string) => Promise<unknown>, routeId: string | null, params: Partial<Record<string, string>>, url: URL, acceptLanguage: string | null): Promise<FirstPaint | null> {
  const chart = chartOf(routeId, params, url.searchParams);
  if (chart) {
    const first = await firstHistory(read, chart);
    return first && { html: renderStaticPage({ symbol: chart.symbol, ...chart.choice, ...first.history }), answers: first.answers };
  }
  if (routeId !== '/') return null;
  const view = readViewState(url.searchParams);
  const first = view.view === 'cards' ? await firstWatchlist(read) : null;
  const shown = first && shownList(first.lists, view.list, []);
  if (!first || !shown?.list || shown.symbols.length === 0) return null;
  const quotes = first.snapshot.quotes;
  const bySymbol = new Map(quotes.map((q) => [q.symbol, q]));
  const now = Math.floor(Date.now() / 1000);
  // in the order the page shows them (the URL may sort them by the day's change)
  const symbols = sortRows(shown.symbols.map((s, i) => rowOf(s, i, bySymbol.get(s), now)), view.sort).map((r) => r.symbol);
  return { html: renderStaticWatchlist({ title: shown.list.name, readOnly: shown.list.readOnly, lists: first.lists.length, symbols, quotes, status: first.snapshot.status, locale: localeOf(acceptLanguage) }), answers: first.answers };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
/** where app.html lets the shell carry the first paint */
const FIRST_PAINT = '<!--tickstream:first-paint-->';

const preloadLinks = (hrefs: readonly string[]) =>
  hrefs.map((href) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttr(href)}">`).join('');

/**
 * SvelteKit's shell with the API reads `preloads` and what the server drew (empty: nothing). With a
 * drawing, the reads are preloaded once it has painted, with the app's modules
 * (lib/chart/start-after-drawing.ts); otherwise, and should that rewrite not know the shell, as links
 * in the head. The rewrite reads SvelteKit's own markup only, so it runs before the drawing and its
 * data go in: on the ~25 KB shell, not the ~190 KB page. The drawing and data are inserted by a
 * function, as they are: a replacement string would read `$&` or `$'` in them as patterns.
 */
export function shellWith(html: string, preloads: readonly string[], painted: string): string {
  const started = painted ? startAfterDrawing(html, preloads) : undefined;
  const shell = started ?? html.replace('</head>', () => `${preloadLinks(preloads)}</head>`);
  return shell.replace(FIRST_PAINT, () => painted);
}

export const handle: Handle = async ({ event, resolve }) => {
  const req = event.platform?.req;
  const { url, params } = event;
  const first =
    req?.readApi && req.pageStatus === undefined ? await firstPaint(req.readApi, event.route.id, params, url, event.request.headers.get('accept-language')) : null;
  const preloads = preloadsFor(event.route.id, params, url.searchParams).filter((href) => !first || !(href in first.answers));
  // the drawing first: the browser can paint it before it has parsed the data block
  const painted = first ? first.html + inlineBlock(first.answers) : '';
  const response = await resolve(event, { transformPageChunk: ({ html }) => shellWith(html, preloads, painted) });
  return withPageStatus(response, req?.pageStatus);
};

/**
 * The shell answers 200 for every page; the backend marks a page it knows to be missing (an
 * unknown symbol: backend/src/routes/page-reads.ts) so that the HTTP status says so too.
 */
export function withPageStatus(response: Response, status: number | undefined): Response {
  if (status === undefined || response.status !== 200) return response;
  return new Response(response.body, { status, headers: response.headers });
}
