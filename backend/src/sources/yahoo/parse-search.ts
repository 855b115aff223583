// Yahoo's search answer (v1/finance/search, through yahoo-finance2 `search()`) reduced to what a
// search box shows. Entries that are not Yahoo Finance instruments (Crunchbase companies,
// `isYahooFinance: false`) or whose symbol is not one the system can follow are left out.
import { INSTRUMENT_TYPES, isValidSymbol, type InstrumentType, type SearchResult } from '@tickstream/shared';

const KNOWN_TYPES: ReadonlySet<string> = new Set(INSTRUMENT_TYPES);

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export function parseSearch(raw: unknown, limit: number): SearchResult[] {
  const quotes = (raw as { quotes?: unknown } | null)?.quotes;
  if (!Array.isArray(quotes)) return [];
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  for (const q of quotes as Array<Record<string, unknown> | null>) {
    if (!q || typeof q !== 'object' || q.isYahooFinance === false) continue;
    const symbol = text(q.symbol)?.toUpperCase();
    if (!symbol || !isValidSymbol(symbol) || seen.has(symbol)) continue;
    seen.add(symbol);
    const quoteType = text(q.quoteType)?.toUpperCase() ?? '';
    out.push({
      symbol,
      name: text(q.longname) ?? text(q.shortname),
      exchange: text(q.exchDisp) ?? text(q.exchange),
      type: (KNOWN_TYPES.has(quoteType) ? quoteType : 'OTHER') as InstrumentType,
    });
    if (out.length >= limit) break;
  }
  return out;
}
