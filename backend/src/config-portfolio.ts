// The syntax of PORTFOLIO=AAPL:10@150.25,MSFT:5@310 (holdings to create on first start). config.ts
// validates the variable with it; portfolio/seed.ts applies the result. It lives beside config.ts so
// that parsing configuration needs nothing from the feature modules.
import { checkPositiveDecimal, isValidSymbol, normalizeSymbol } from '@tickstream/shared';
import type { NewHolding } from './store/types.ts';

const ENTRY = /^([^:@\s]+):([^:@\s]+)@([^:@\s]+)$/;

/** Parses the whole value strictly; the error names the bad entry (config.ts prefixes the variable). */
export function parsePortfolioSeed(raw: string): { ok: true; holdings: NewHolding[] } | { ok: false; message: string } {
  const holdings: NewHolding[] = [];
  const entries = raw.split(',');
  for (const rawEntry of entries) {
    const entry = rawEntry.trim();
    const where = `entry ${JSON.stringify(entry)}`;
    const m = ENTRY.exec(entry);
    if (!m) return { ok: false, message: `${where} is not SYMBOL:QUANTITY@COST, e.g. AAPL:10@150.25` };
    const [, rawSymbol = '', rawQuantity, rawCost] = m;
    const symbol = normalizeSymbol(rawSymbol);
    if (!isValidSymbol(symbol)) return { ok: false, message: `${where}: ${JSON.stringify(rawSymbol)} is not a ticker symbol` };
    const quantity = checkPositiveDecimal(rawQuantity);
    if (!quantity.ok) return { ok: false, message: `${where}: quantity ${quantity.message}` };
    const cost = checkPositiveDecimal(rawCost);
    if (!cost.ok) return { ok: false, message: `${where}: cost ${cost.message}` };
    holdings.push({ symbol, quantity: quantity.value, costPerShare: cost.value, note: null, acquiredOn: null });
  }
  return { ok: true, holdings };
}
