import type { SortMode } from '#lib/watchlist/sort.ts';
import type { PageLoad } from './$types';

const SORTS: readonly SortMode[] = ['watchlist', 'change-desc', 'change-asc'];

export const load: PageLoad = ({ url }) => {
  const raw = url.searchParams.get('sort');
  const sort: SortMode = SORTS.find((s) => s === raw) ?? 'watchlist';
  return { sort };
};
