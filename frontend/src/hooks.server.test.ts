import { describe, expect, it } from 'vitest';
import { fetchChartHistory, fetchQuotes } from '#lib/api/market.ts';
import { preloadsFor, withPageStatus } from './hooks.server.ts';

/** The URLs the page's own reads request, captured from a fake fetch. */
async function requested(read: (f: (input: string) => Promise<Response>) => Promise<unknown>): Promise<string[]> {
  const urls: string[] = [];
  await read(async (input) => {
    urls.push(input);
    return new Response(JSON.stringify({ candles: [], quotes: [], status: null }), { headers: { 'content-type': 'application/json' } });
  }).catch(() => undefined);
  return urls;
}

describe('preloads in the page shell', () => {
  it("names exactly the URLs the symbol page's history and the layout's quotes request", async () => {
    const history = await requested((f) => fetchChartHistory(f, 'BRK-B', '1wk', '5y'));
    const quotes = await requested((f) => fetchQuotes(f));
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'brk-b' }, new URLSearchParams('range=5y'))).toEqual([...quotes, ...history]);
    expect(preloadsFor('/symbol/[symbol]', { symbol: '^GSPC' }, new URLSearchParams())).toContain(
      (await requested((f) => fetchChartHistory(f, '^GSPC', '1m', '1d')))[0],
    );
  });

  it('preloads no history for a bad symbol, range or interval, and only quotes elsewhere', () => {
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'AAPL' }, new URLSearchParams('range=2y'))).toEqual(['/api/quotes']);
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'not a symbol!' }, new URLSearchParams())).toEqual(['/api/quotes']);
    expect(preloadsFor('/symbol/[symbol]', { symbol: 'AAPL' }, new URLSearchParams('interval=2m'))).toEqual(['/api/quotes']);
    expect(preloadsFor('/', {}, new URLSearchParams())).toEqual(['/api/quotes']);
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
