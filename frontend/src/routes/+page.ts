// Thin load: which list, sort and view the URL asks for (see lib/quotes-table/url-state.ts).
import { readViewState } from '#lib/quotes-table/url-state.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url }) => ({ view: readViewState(url.searchParams) });
