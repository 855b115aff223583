// Which list the watchlist page shows: the one the URL names, else the first (the environment's).
import type { Watchlist } from './api.ts';

export interface ShownList {
  list: Watchlist | null;
  symbols: readonly string[];
  /** the URL names a list that does not exist (deleted in another tab) */
  missing: boolean;
}

/** Before the lists load, the live welcome's WATCHLIST stands in for the environment's list. */
export function shownList(lists: readonly Watchlist[], param: string | null, fallback: readonly string[]): ShownList {
  const id = param === null || !/^\d+$/.test(param) ? null : Number(param);
  const named = id === null ? undefined : lists.find((l) => l.id === id);
  const list = named ?? lists[0] ?? null;
  return { list, symbols: list?.symbols ?? fallback, missing: param !== null && lists.length > 0 && !named };
}
