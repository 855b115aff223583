// Symbol page: validates the route (symbol, ?range=, ?interval=: see chart/ranges.ts) and waits for
// the first history answer, which is also how the page learns whether the source knows the symbol
// at all (404 SYMBOL_NOT_FOUND: the not-found page, with search suggestions). Live ticks are buffered by the chart while history is still loading.
// The first load of a page takes the history the server put in the page (lib/api/inline.ts) instead of fetching it.
import { error } from '@sveltejs/kit';
import { symbolSchema } from '@tickstream/shared';
import { fetchChartHistory } from '#lib/api/market.ts';
import { resolveChoice } from '#lib/chart/ranges.ts';
import { ApiError } from '#lib/api/send.ts';
import { pageFetch } from '#lib/api/inline.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, fetch }) => {
  const symbol = symbolSchema.safeParse(params.symbol);
  if (!symbol.success) error(404, `${params.symbol} is not a ticker symbol`);
  const chosen = resolveChoice(url.searchParams, Math.floor(Date.now() / 1000));
  if (!chosen.ok) error(400, chosen.message);
  const { range, interval } = chosen.choice;
  const history = fetchChartHistory(pageFetch(fetch), symbol.data, interval, range);
  try {
    await history;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'SYMBOL_NOT_FOUND') error(404, `No symbol ${symbol.data} is known to the data source`);
    // anything else (network, 5xx): the chart shows it and retries
  }
  return { symbol: symbol.data, range, interval, history };
};
