// The providers of followed symbols that live in this codebase today. Alerts add one more
// ({ name: 'alerts', symbols: () => store.alerts.symbols() }) in app.ts's list.
import type { Store } from '../store/types.ts';
import type { SymbolProvider } from './registry.ts';

export function envProvider(watchlist: readonly string[]): SymbolProvider {
  return { name: 'env', symbols: async () => watchlist };
}

export function watchlistsProvider(store: Pick<Store, 'watchlists'>): SymbolProvider {
  return { name: 'watchlists', symbols: () => store.watchlists.allSymbols() };
}

export function holdingsProvider(store: Pick<Store, 'holdings'>): SymbolProvider {
  return { name: 'holdings', symbols: async () => (await store.holdings.list()).map((h) => h.symbol) };
}

/** Symbols some page on any instance viewed recently (each instance renews its own in refresh). */
export function viewedProvider(store: Pick<Store, 'viewedSymbols'>, now: () => number): SymbolProvider {
  return { name: 'viewed', symbols: () => store.viewedSymbols.active(Math.floor(now() / 1000)) };
}
