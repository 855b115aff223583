// Search over the simulated catalogue, ranked the way a person typing expects: the exact symbol,
// then symbols starting with the query ("btc" → BTC-USD), then names with a word starting with it
// ("apple" → Apple Inc.), then anything containing it.
import type { SearchResult } from '@tickstream/shared';
import { CATALOGUE, type Instrument } from './catalogue.ts';

function score(i: Instrument, q: string): number {
  const symbol = i.symbol.toLowerCase();
  const name = i.name.toLowerCase();
  if (symbol === q) return 100;
  if (symbol.startsWith(q)) return 80 - Math.min(symbol.length - q.length, 20);
  if (name.startsWith(q)) return 60;
  if (name.split(/[\s.,&/-]+/).some((word) => word.startsWith(q))) return 50;
  if (name.includes(q)) return 30;
  if (symbol.includes(q)) return 20;
  return 0;
}

/** Best matches first, at most `limit`; `query` is already normalised (trimmed, lower case). */
export function searchCatalogue(query: string, limit: number): SearchResult[] {
  const q = query.toLowerCase();
  if (q === '') return [];
  return CATALOGUE.map((i) => ({ i, s: score(i, q) }))
    .filter((r) => r.s > 0)
    // Stable: equal scores keep the catalogue's order (BTC-USD before BTC-EUR, big names first).
    .sort((a, b) => b.s - a.s)
    .slice(0, limit)
    .map(({ i }) => ({ symbol: i.symbol, name: i.name, exchange: i.exchange || null, type: i.type }));
}
