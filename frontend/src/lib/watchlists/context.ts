// The watchlists and the header's search are created once by the root layout (the search box is on
// every page, "add to list" on several) and shared through Svelte context, like the live connection.
import { getContext, setContext } from 'svelte';
import type { Watchlists } from './watchlists.svelte.ts';

const KEY = Symbol('tickstream.watchlists');

export function setWatchlistsContext(lists: Watchlists): Watchlists {
  return setContext(KEY, lists);
}

export function useWatchlists(): Watchlists {
  const lists = getContext<Watchlists | undefined>(KEY);
  if (!lists) throw new Error('useWatchlists() must be called inside the root layout');
  return lists;
}
