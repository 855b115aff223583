// Watchlist card order.
export type SortMode = 'watchlist' | 'change-desc' | 'change-asc';

/** Sorts symbols by change %; symbols without one keep watchlist order after the rest. */
export function sortSymbols(
  symbols: readonly string[],
  percentOf: (symbol: string) => number | null,
  mode: SortMode,
): string[] {
  if (mode === 'watchlist') return [...symbols];
  const sign = mode === 'change-desc' ? -1 : 1;
  const ranked = symbols.map((symbol, index) => ({ symbol, index, pct: percentOf(symbol) }));
  ranked.sort((a, b) => {
    if (a.pct === null || b.pct === null) {
      if (a.pct === b.pct) return a.index - b.index;
      return a.pct === null ? 1 : -1;
    }
    return sign * (a.pct - b.pct) || a.index - b.index;
  });
  return ranked.map((r) => r.symbol);
}
