// Thin load: the current valuation. Browser-only (ssr = false): the figures move with every tick
// anyway, and /api is served by the backend, not by SvelteKit's server-side fetch.
import { tokenStore } from '#lib/api/token.ts';
import { PortfolioApi } from '#lib/portfolio/api.ts';
import type { PageLoad } from './$types';

export const ssr = false;

export const load: PageLoad = async ({ fetch }) => {
  const api = new PortfolioApi(fetch, tokenStore(undefined));
  try {
    return { portfolio: await api.portfolio(), error: null };
  } catch (err) {
    return { portfolio: null, error: err instanceof Error ? err.message : String(err) };
  }
};
