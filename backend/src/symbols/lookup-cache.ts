// Remembers what the source said about a symbol, so a page reloading a symbol (or a list naming
// it again) does not cost a quote request each time: "known" for an hour, "unknown" for a minute
// (a new listing may appear), at most MAX_ENTRIES symbols.
import type { QuoteSource, SymbolLookup } from '../sources/types.ts';

const KNOWN_MS = 60 * 60_000;
const UNKNOWN_MS = 60_000;
const MAX_ENTRIES = 10_000;

export function createLookupCache(deps: { source: Pick<QuoteSource, 'lookup'>; now: () => number }) {
  const verdicts = new Map<string, { known: boolean; until: number }>();
  return {
    async lookup(symbols: readonly string[]): Promise<SymbolLookup> {
      const now = deps.now();
      const out: SymbolLookup = { known: [], unknown: [] };
      const ask: string[] = [];
      for (const s of symbols) {
        const v = verdicts.get(s);
        if (v && v.until > now) (v.known ? out.known : out.unknown).push(s);
        else ask.push(s);
      }
      if (ask.length === 0) return out;
      const answer = await deps.source.lookup(ask);
      for (const s of answer.known) verdicts.set(s, { known: true, until: now + KNOWN_MS });
      for (const s of answer.unknown) verdicts.set(s, { known: false, until: now + UNKNOWN_MS });
      while (verdicts.size > MAX_ENTRIES) verdicts.delete(verdicts.keys().next().value as string);
      return { known: [...out.known, ...answer.known], unknown: [...out.unknown, ...answer.unknown] };
    },
  };
}
