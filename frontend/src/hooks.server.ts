// The pages render in the browser (ssr = false), so the API reads their load functions make would
// only start once the app's JavaScript has arrived and run. The shell names them as preloads
// instead: the browser fetches them alongside the JavaScript and `load`'s fetch of the same URL
// takes the preloaded answer (same URL, mode and credentials), saving one round trip after the JS.
// The symbol page goes further: its first history window is read in-process (the backend hands a
// reader over: backend/src/routes/symbol-page.ts) and comes in the shell itself, drawn (the first
// candles paint before any JavaScript runs) and as data for the page's `load` (lib/api/inline.ts);
// the app then starts once the drawing is on screen (lib/chart/start-after-drawing.ts).
import type { Handle } from '@sveltejs/kit/hooks';
import { symbolSchema } from '@tickstream/shared';
import { chartHistoryPath, fetchChartHistory } from '#lib/api/market.ts';
import { inlineBlock } from '#lib/api/inline.ts';
import type { Fetch } from '#lib/api/send.ts';
import { resolveChoice, type ChartChoice } from '#lib/chart/ranges.ts';
import { renderStaticPage } from '#lib/chart/static-page.ts';
import { startAfterDrawing } from '#lib/chart/start-after-drawing.ts';
import { PORTFOLIO_PATH } from '#lib/portfolio/api.ts';
import { WATCHLISTS_PATH } from '#lib/watchlists/api.ts';
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

/**
 * The chart's first history, read as the page's `load` would (same requests, same parsing) but
 * in-process; with the JSON text of every answer it got, by URL. Null when any of it failed: the page fetches then.
 */
export async function firstHistory(read: (path: string) => Promise<unknown>, chart: Chosen) {
  const answers: Record<string, string> = {};
  const inProcess: Fetch = async (path) => {
    const text = JSON.stringify(await read(path));
    answers[path] = text;
    return new Response(text, { headers: { 'content-type': 'application/json' } });
  };
  try {
    const history = await fetchChartHistory(inProcess, chart.symbol, chart.choice.interval, chart.choice.range);
    return { history, answers };
  } catch {
    return null;
  }
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
  const chart = chartOf(event.route.id, event.params, event.url.searchParams);
  const first = chart && req?.readHistory && req.pageStatus === undefined ? await firstHistory(req.readHistory, chart) : null;
  const preloads = preloadsFor(event.route.id, event.params, event.url.searchParams).filter((href) => !first || !(href in first.answers));
  // the drawing first: the browser can paint it before it has parsed the data block
  const painted =
    chart && first ? renderStaticPage({ symbol: chart.symbol, ...chart.choice, ...first.history }) + inlineBlock(first.answers) : '';
  const response = await resolve(event, { transformPageChunk: ({ html }) => shellWith(html, preloads, painted) });
  return withPageStatus(response, req?.pageStatus);
};

/**
 * The shell answers 200 for every page; the backend marks a page it knows to be missing (an
 * unknown symbol: backend/src/routes/symbol-page.ts) so that the HTTP status says so too.
 */
export function withPageStatus(response: Response, status: number | undefined): Response {
  if (status === undefined || response.status !== 200) return response;
  return new Response(response.body, { status, headers: response.headers });
}
