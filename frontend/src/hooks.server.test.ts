import { describe, expect, it } from 'vitest';
import { fetchChartHistory, fetchQuotes } from '#lib/api/market.ts';
import { inlineBlock, inlinedFetch } from '#lib/api/inline.ts';
import { tokenStore } from '#lib/api/token.ts';
import { PortfolioApi } from '#lib/portfolio/api.ts';
import { WatchlistsApi } from '#lib/watchlists/api.ts';
import { AlertsApi } from '#lib/api/alerts.ts';
import { OPENING_EVENTS } from '#lib/alerts/feed.ts';
import type { Handle } from '@sveltejs/kit/hooks';
import { firstHistory, firstWatchlist, handle, localeOf, preloadsFor, shellWith, withPageStatus } from './hooks.server.ts';

/** The URLs the page's own reads request, captured from a fake fetch. */
async function requested(read: (f: (input: string) => Promise<Response>) => Promise<unknown>): Promise<string[]> {
  const urls: string[] = [];
  await read(async (input) => {
    urls.push(input);
    return new Response(JSON.stringify({ candles: [], quotes: [], status: null }), { headers: { 'content-type': 'application/json' } });
  }).catch(() => undefined);
  return urls;
}

/** What the layout reads on every page: the quotes, the watchlists, the alert history of the unread count. */
async function layoutReads(): Promise<string[]> {
  return [
    ...(await requested((f) => fetchQuotes(f))),
    ...(await requested((f) => new WatchlistsApi(f, tokenStore(undefined)).all())),
    ...(await requested((f) => new AlertsApi(f, tokenStore(undefined)).events(OPENING_EVENTS))),
  ];
}

describe('preloads in the page shell', () => {
  it("names exactly the URLs the symbol page's history and the layout's reads request", async () => {
    const history = await requested((f) => fetchChartHistory(f, 'BRK-B', '1wk', '5y'));
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'brk-b' }, new URLSearchParams('range=5y'))).toEqual([...(await layoutReads()), ...history]);
    expect(preloadsFor('/symbol/[symbol]', { symbol: '^GSPC' }, new URLSearchParams())).toContain(
      (await requested((f) => fetchChartHistory(f, '^GSPC', '1m', '1d')))[0],
    );
  });

  it("preloads no history for a bad symbol, range or interval, and only the layout's reads elsewhere", async () => {
    const layout = await layoutReads();
    expect(layout).toEqual(['/api/quotes', '/api/watchlists', '/api/alerts/events?limit=100']);
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'AAPL' }, new URLSearchParams('range=2y'))).toEqual(layout);
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'not a symbol!' }, new URLSearchParams())).toEqual(layout);
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'AAPL' }, new URLSearchParams('interval=2m'))).toEqual(layout);
    expect(preloadsFor('/', {}, new URLSearchParams())).toEqual(layout);
  });

  it("names the portfolio page's first read of the holdings", async () => {
    const holdings = await requested((f) => new PortfolioApi(f, tokenStore(undefined)).portfolio());
    expect(preloadsFor('/portfolio', {}, new URLSearchParams())).toEqual([...(await layoutReads()), ...holdings]);
  });
});

describe('where the shell makes its preloads', () => {
  const kitShell = (bootstrap: string) =>
    `<head><link href="/_app/immutable/entry/start.A.js" rel="modulepreload"></head><body><!--tickstream:first-paint--><script>${bootstrap}</script></body>`;
  const kit = 'import("/_app/immutable/entry/start.A.js").then((kit) => kit.start())';
  const reads = ['/api/quotes', '/api/watchlists'];

  it('makes them once the drawing has painted, with the modules, when the page carries one', () => {
    const html = shellWith(kitShell(kit), reads, '<div data-static-chart>drawn</div>');
    expect(html).not.toContain('rel="preload"');
    expect(html).toContain('for (const href of ["/api/quotes","/api/watchlists"]) add(\'preload\', href)');
    expect(html).toContain('<div data-static-chart>drawn</div>');
  });

  it('puts them in the head when there is no drawing, or a bootstrap it does not know', () => {
    const links = '<link rel="preload" as="fetch" crossorigin="anonymous" href="/api/quotes"><link rel="preload" as="fetch" crossorigin="anonymous" href="/api/watchlists"></head>';
    expect(shellWith(kitShell(kit), reads, '')).toContain(links);
    expect(shellWith(kitShell('startSomehow()'), reads, '<div>drawn</div>')).toContain(links);
  });
});

describe('the status of the page shell', () => {
  it('answers the status the backend marked (an unknown symbol: 404), keeping the shell and its headers', async () => {
    const shell = () => new Response('<html>shell</html>', { headers: { 'content-type': 'text/html' } });
    const marked = withPageStatus(shell(), 404);
    expect(marked.status).toBe(404);
    expect(marked.headers.get('content-type')).toBe('text/html');
    expect(await marked.text()).toBe('<html>shell</html>');
    expect(withPageStatus(shell(), undefined).status).toBe(200);
    expect(withPageStatus(new Response(null, { status: 304 }), 404).status).toBe(304);
  });
});

/** In-process history answers: a daily window for any path asked, one 1m bar for the minute seed. */
const readHistory = async (path: string) => {
  const interval = new URL(path, 'http://x').searchParams.get('interval');
  const candle = (time: number, close: number) => ({ time, open: 100, high: 102, low: 99, close, volume: 10 });
  return { candles: interval === '1m' ? [candle(1_700_000_000, 101)] : [candle(1_699_920_000, 99), candle(1_700_000_000, 101)] };
};

/** The page `handle` answers for this symbol page, with what the backend marked on the request. */
async function shell(path: string, req: { pageStatus?: number; readApi?: (path: string) => Promise<unknown> }) {
  const url = new URL(path, 'http://localhost');
  const symbol = url.pathname.split('/')[2];
  const route = { id: symbol ? '/symbol/[symbol]' : '/' };
  const request = new Request(url, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
  const event = { url, route, params: symbol ? { symbol } : {}, platform: { req }, request };
  const resolve = async (_e: unknown, opts?: { transformPageChunk?: (i: { html: string; done: boolean }) => string | undefined }) =>
    new Response(opts?.transformPageChunk?.({ html: '<head></head><body><!--tickstream:first-paint--></body>', done: true }));
  const res = await handle({ event, resolve } as unknown as Parameters<Handle>[0]);
  return { status: res.status, html: await res.text() };
}

describe('the first history window in the page shell', () => {
  it('holds every answer the page\'s load asks for, so its load reads them back without fetching', async () => {
    const first = await firstHistory(readHistory, { symbol: 'AAPL', choice: { range: '1y', interval: '1d' } });
    expect(Object.keys(first?.answers ?? {})).toHaveLength(2); // the daily bars and the last day's minute seed
    const network = async (): Promise<Response> => {
      throw new Error('fetched');
    };
    const block = inlineBlock(first?.answers ?? {});
    const replay = inlinedFetch(network, block.slice(block.indexOf('>') + 1, block.lastIndexOf('</script>')));
    expect(await fetchChartHistory(replay, 'AAPL', '1d', '1y')).toEqual(first?.history);
  });

  it('is left out when the history cannot be read: the page fetches it then', async () => {
    const failing = async () => Promise.reject(new Error('database away'));
    expect(await firstHistory(failing, { symbol: 'AAPL', choice: { range: '1d', interval: '1m' } })).toBeNull();
    const { html } = await shell('/symbol/AAPL', { readApi: failing });
    expect(html).not.toContain('data-static-chart');
    expect(html).toContain('rel="preload" as="fetch" crossorigin="anonymous" href="/api/history?');
  });

  it('draws the candles and carries the data instead of preloading the history', async () => {
    const { status, html } = await shell('/symbol/AAPL?range=1y', { readApi: readHistory });
    expect(status).toBe(200);
    expect(html).toContain('data-static-chart data-key="AAPL 1y 1d"');
    expect(html).toContain('<script type="application/json" id="tickstream-inline">');
    expect(html).not.toContain('href="/api/history?');
    expect(html).toContain('href="/api/quotes"');
  });

  it("carries the answers' text as it is, even where it reads like a replacement pattern ($&, $')", async () => {
    const odd = async (path: string) => ({ ...(await readHistory(path)), note: "$& and $' and $$" });
    const { html } = await shell('/symbol/AAPL?range=1y', { readApi: odd });
    expect(html).toContain('"note":"$& and $\' and $$"');
    expect(html.match(/<body>/g)).toHaveLength(1);
  });

  it('is not read for a page marked missing (404) nor for a bad range', async () => {
    let reads = 0;
    const counting = async (path: string) => (reads++, readHistory(path));
    expect((await shell('/symbol/ZZZZQ', { pageStatus: 404, readApi: counting })).status).toBe(404);
    expect((await shell('/symbol/AAPL?range=2y', { readApi: counting })).html).not.toContain('data-static-chart');
    expect(reads).toBe(0);
  });
});

/** In-process answers of the watchlist page: two lists and the quotes of the first. */
const readHome = async (path: string) => {
  const tick = (symbol: string, price: number, previousClose: number) => ({ symbol, time: 1_700_000_000, price, change: null, changePercent: null, previousClose, dayHigh: null, dayLow: null, dayVolume: null, marketState: 'REGULAR', currency: 'USD', source: 'simulated' });
  const list = (id: number, name: string, symbols: string[]) => ({ id, name, symbols, source: id === 0 ? 'env' : 'user', readOnly: id === 0, createdAt: 1_700_000_000, updatedAt: 1_700_000_000 });
  if (path === '/api/quotes') return { quotes: [tick('AAPL', 190, 200), tick('MSFT', 410, 400)], status: null };
  if (path === '/api/watchlists') return { watchlists: [list(0, 'Watchlist', ['AAPL', 'MSFT']), list(2, 'Mine', ['MSFT', 'NEW'])], limits: { maxLists: 50, maxSymbolsPerList: 200, maxSymbols: 100 }, trackedSymbols: 3 };
  throw new Error(`${path} not read here`);
};
const drawnSymbols = (html: string) => [...html.matchAll(/class="quote-card" href="[^"]*" data-symbol="([^"]*)"/g)].map((m) => m[1]);

describe('the watchlist page shell', () => {
  it('draws the shown list\'s cards with their prices and carries the quotes and lists the layout reads', async () => {
    const { html } = await shell('/', { readApi: readHome });
    expect(drawnSymbols(html)).toEqual(['AAPL', 'MSFT']);
    expect(html).toContain('<div class="static-list-title several">Watchlist</div><div class="static-list-tools read-only"></div>');
    expect(html).toContain('data-price="190"');
    expect(html).toContain('$190.00');
    const block = /<script type="application\/json" id="tickstream-inline">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? null;
    const network = async (): Promise<Response> => {
      throw new Error('fetched');
    };
    const replay = inlinedFetch(network, block);
    expect((await fetchQuotes(replay)).quotes.map((q) => q.symbol)).toEqual(['AAPL', 'MSFT']);
    expect((await new WatchlistsApi(replay, tokenStore(undefined)).all()).map((l) => l.name)).toEqual(['Watchlist', 'Mine']);
    // what is in the page is not preloaded; the alert history still is
    expect(html).not.toContain('href="/api/quotes"');
    expect(html).not.toContain('href="/api/watchlists"');
    expect(html).toContain('href="/api/alerts/events');
  });

  it('draws the list the URL names, in the order the URL sorts it', async () => {
    expect(drawnSymbols((await shell('/?list=2', { readApi: readHome })).html)).toEqual(['MSFT', 'NEW']);
    expect(drawnSymbols((await shell('/?sort=percent-asc', { readApi: readHome })).html)).toEqual(['AAPL', 'MSFT']);
    expect(drawnSymbols((await shell('/?sort=percent-desc', { readApi: readHome })).html)).toEqual(['MSFT', 'AAPL']);
  });

  it('draws the first list, in its own order, for a list or sort the URL gets wrong', async () => {
    for (const path of ['/?list=%3Cscript%3E', '/?list=99', '/?list=-1', '/?sort=%22%3E%3Cb%3E', '/?view=<x>']) {
      const { html } = await shell(path, { readApi: readHome });
      expect(drawnSymbols(html), path).toEqual(['AAPL', 'MSFT']);
      expect(html, path).not.toContain('<script>');
    }
  });

  it('draws nothing for the table view, or when the quotes or lists cannot be read: the page reads them then', async () => {
    const failing = async (path: string) => (path === '/api/quotes' ? Promise.reject(new Error('database away')) : readHome(path));
    const noLists = async (path: string) => (path === '/api/watchlists' ? Promise.reject(new Error('database away')) : readHome(path));
    const odd = async (path: string) => (path === '/api/watchlists' ? { watchlists: 'not lists' } : readHome(path));
    expect(await firstWatchlist(failing)).toBeNull();
    expect(await firstWatchlist(noLists)).toBeNull();
    expect(await firstWatchlist(odd)).toBeNull();
    for (const [path, read] of [['/?view=table', readHome], ['/', failing], ['/', noLists], ['/', odd]] as const) {
      const { html } = await shell(path, { readApi: read });
      expect(html).not.toContain('data-static-watchlist');
      expect(html).toContain('rel="preload" as="fetch" crossorigin="anonymous" href="/api/quotes"');
    }
  });

  it("formats for the reader's first language, when it is one", () => {
    expect(localeOf('de-DE,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(localeOf('*')).toBeUndefined();
    expect(localeOf('not a tag!')).toBeUndefined();
    expect(localeOf('x'.repeat(10_000))).toBeUndefined();
    expect(localeOf(null)).toBeUndefined();
  });
});
