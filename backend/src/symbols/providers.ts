// The providers of followed symbols: each names the symbols one feature needs polled.
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

/** Symbols of enabled alerts: polled while an alert on them can still fire. */
export function alertsProvider(store: Pick<Store, 'alerts'>): SymbolProvider {
  return { name: 'alerts', symbols: () => store.alerts.activeSymbols() };
}
