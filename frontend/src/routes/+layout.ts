// A live dashboard: rendered in the browser only (the server sends the shell), so pages never
// fetch the API from the server side of the same process. Quotes start loading with the shell, or
// come in it (the watchlist page's: lib/api/inline.ts).
import { fetchQuotes, type QuotesSnapshot } from '#lib/api/market.ts';
import { pageFetch } from '#lib/api/inline.ts';
import type { LayoutLoad } from './$types';

export const ssr = false;

export const load: LayoutLoad = ({ fetch }) => {
  const initialQuotes: Promise<QuotesSnapshot | null> = fetchQuotes(pageFetch(fetch)).catch(() => null);
  return { initialQuotes };
};
