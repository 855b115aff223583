// Symbol page: validates the route, then starts the history request without awaiting it, so the
// page (and its live subscription, which buffers) is up while history is still on the way.
import { error } from '@sveltejs/kit';
import { intervalSchema, symbolSchema, type Interval } from '@tickstream/shared';
import { fetchChartHistory } from '#lib/api/market.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params, url, fetch }) => {
  const symbol = symbolSchema.safeParse(params.symbol);
  if (!symbol.success) error(404, `${params.symbol} is not a ticker symbol`);
  const rawInterval = url.searchParams.get('interval') ?? '1m';
  const interval = intervalSchema.safeParse(rawInterval);
  if (!interval.success) error(400, `Unknown interval ${rawInterval}: use 1m, 5m, 15m, 1h or 1d`);
  const chosen: Interval = interval.data;
  return {
    symbol: symbol.data,
    interval: chosen,
    history: fetchChartHistory(fetch, symbol.data, chosen),
  };
};
