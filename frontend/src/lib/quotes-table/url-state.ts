// The watchlist page's view in its URL, so a reload or a shared link shows the same thing:
// `?list=<id>&sort=<column>-<dir>&view=table`. Defaults (first list, list order, cards) are left out.
import { formatSort, parseSort, type Sort } from './sort.ts';

export type ViewMode = 'cards' | 'table';

export interface ViewState {
  /** the list's id as the URL spells it; null: the first list (the environment's) */
  list: string | null;
  sort: Sort | null;
  view: ViewMode;
}

export function readViewState(params: URLSearchParams): ViewState {
  const list = params.get('list');
  return {
    list: list && list.trim() !== '' ? list : null,
    sort: parseSort(params.get('sort')),
    view: params.get('view') === 'table' ? 'table' : 'cards',
  };
}

/** The same URL with the view changed; other parameters are kept. */
export function withViewState(url: { readonly href: string }, patch: Partial<ViewState>): URL {
  const next = new URL(url.href);
  const state = { ...readViewState(next.searchParams), ...patch };
  const set = (name: string, value: string | null) =>
    value === null ? next.searchParams.delete(name) : next.searchParams.set(name, value);
  set('list', state.list);
  set('sort', formatSort(state.sort));
  set('view', state.view === 'table' ? 'table' : null);
  return next;
}
