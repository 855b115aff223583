// The pages render in the browser (ssr = false), so the API reads their load functions make would
// only start once the app's JavaScript has arrived and run. The shell names them as preloads
// instead: the browser fetches them alongside the JavaScript and `load`'s fetch of the same URL
// takes the preloaded answer (same URL, mode and credentials), saving one round trip after the JS.
import type { Handle } from '@sveltejs/kit/hooks';
import { symbolSchema } from '@tickstream/shared';
import { chartHistoryPath } from '#lib/api/market.ts';
import { resolveChoice } from '#lib/chart/ranges.ts';

/** The URLs `fetchChartHistory` and `fetchQuotes` (lib/api/market.ts) request first, for this page. */
export function preloadsFor(routeId: string | null, params: Partial<Record<string, string>>, search: URLSearchParams): string[] {
  const urls = ['/api/quotes'];
  if (routeId === '/symbol/[symbol]') {
    const symbol = symbolSchema.safeParse(params.symbol ?? '');
    const choice = resolveChoice(search, Math.floor(Date.now() / 1000));
    if (symbol.success && choice.ok) urls.push(chartHistoryPath(symbol.data, choice.choice.interval, choice.choice.range));
  }
  return urls;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export const handle: Handle = async ({ event, resolve }) => {
  const links = preloadsFor(event.route.id, event.params, event.url.searchParams)
    .map((href) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeAttr(href)}">`)
    .join('');
  const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace('</head>', `${links}</head>`) });
  return withPageStatus(response, event.platform?.req?.pageStatus);
};

/**
 * The shell answers 200 for every page; the backend marks a page it knows to be missing (an
 * unknown symbol: backend/src/routes/symbol-page.ts) so that the HTTP status says so too.
 */
export function withPageStatus(response: Response, status: number | undefined): Response {
  if (status === undefined || response.status !== 200) return response;
  return new Response(response.body, { status, headers: response.headers });
}
