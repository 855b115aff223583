// Values holdings against the latest quotes. Shared by the API (GET /api/portfolio) and the page
// (re-valued on every live tick), so both always show the same figures.
// Exact decimal arithmetic throughout; figures are rounded once, when formatted.
import type { SourceStatus, Tick } from './market.ts';
import { canonicalDecimal, decimalFromNumber, formatDecimal, mulDecimal, parseDecimal, percentOf } from './decimal.ts';
import {
  BASE_CURRENCY,
  type ExcludedHolding,
  type Holding,
  type PortfolioResponse,
  type PortfolioTotals,
  type ValuedHolding,
} from './portfolio.ts';

export interface Quote {
  price: number;
  previousClose: number | null;
  change: number | null;
  currency: string | null;
  stale: boolean;
}

/** What valuation reads of a holding (the page builds these from the valued rows, which carry no timestamps). */
export type HoldingRecord = Pick<Holding, 'id' | 'symbol' | 'quantity' | 'costPerShare' | 'note' | 'acquiredOn'>;

export interface StalenessRules {
  nowSeconds: number;
  /** a REGULAR-session quote older than this is stale (closed markets legitimately stop moving) */
  staleAfterSeconds: number;
  /** the source status, when known: a stale source or a per-symbol error marks quotes stale */
  status?: Pick<SourceStatus, 'stale' | 'symbolErrors'> | null;
}

export function isQuoteStale(tick: Pick<Tick, 'symbol' | 'time' | 'marketState'>, rules: StalenessRules): boolean {
  if (rules.status?.stale) return true;
  if (rules.status && tick.symbol in rules.status.symbolErrors) return true;
  return tick.marketState === 'REGULAR' && rules.nowSeconds - tick.time > rules.staleAfterSeconds;
}

export function quoteFromTick(tick: Tick, rules: StalenessRules): Quote {
  return {
    price: tick.price,
    previousClose: tick.previousClose,
    change: tick.change,
    // verbatim: Yahoo's GBp (pence) is not GBP (pounds)
    currency: tick.currency || null,
    stale: isQuoteStale(tick, rules),
  };
}

/** Raw exact figures of one holding, before formatting. */
interface Figures {
  costBasis: bigint;
  marketValue: bigint | null;
  /** value at the previous close, when it is known */
  previousValue: bigint | null;
}

function money(units: bigint | null): string | null {
  return units === null ? null : formatDecimal(units, 2);
}

function exact(text: string, what: string): bigint {
  const units = parseDecimal(text);
  if (units === null) throw new RangeError(`${what} ${JSON.stringify(text)} is not a decimal`);
  return units;
}

function valueOne(h: HoldingRecord, quote: Quote | undefined): { row: ValuedHolding; figures: Figures } {
  const quantity = exact(h.quantity, 'quantity');
  const costPerShare = exact(h.costPerShare, 'costPerShare');
  const costBasis = mulDecimal(quantity, costPerShare);
  const base = {
    id: h.id,
    symbol: h.symbol,
    quantity: canonicalDecimal(quantity),
    costPerShare: canonicalDecimal(costPerShare),
    costBasis: formatDecimal(costBasis, 2),
    note: h.note,
    acquiredOn: h.acquiredOn,
    weight: null,
  };
  const price = quote ? decimalFromNumber(quote.price) : null;
  if (!quote || price === null) {
    const row: ValuedHolding = {
      ...base, price: null, marketValue: null, dayChange: null, dayChangePercent: null,
      unrealizedPnl: null, unrealizedPnlPercent: null, currency: null, stale: true,
    };
    return { row, figures: { costBasis, marketValue: null, previousValue: null } };
  }
  // Holding inputs have <= 8 decimals and prices <= 10, so these products stay exact at 10^-18.
  const marketValue = mulDecimal(quantity, price);
  const previousClose = quote.previousClose !== null
    ? decimalFromNumber(quote.previousClose)
    : quote.change !== null ? price - (decimalFromNumber(quote.change) ?? 0n) : null;
  const known = previousClose !== null && previousClose > 0n;
  const previousValue = known ? mulDecimal(quantity, previousClose) : null;
  const pnl = marketValue - costBasis;
  const row: ValuedHolding = {
    ...base,
    price: canonicalDecimal(price),
    marketValue: money(marketValue),
    dayChange: previousValue === null ? null : money(marketValue - previousValue),
    dayChangePercent: previousValue === null ? null : percentOf(marketValue - previousValue, previousValue),
    unrealizedPnl: money(pnl),
    unrealizedPnlPercent: percentOf(pnl, costBasis),
    currency: quote.currency,
    stale: quote.stale,
  };
  return { row, figures: { costBasis, marketValue, previousValue } };
}

function totalsOf(currency: string, members: { row: ValuedHolding; figures: Figures }[]): PortfolioTotals {
  let marketValue = 0n;
  let costBasis = 0n;
  let dayChange = 0n;
  let previousValue = 0n;
  for (const { figures } of members) {
    marketValue += figures.marketValue ?? 0n;
    costBasis += figures.costBasis;
    if (figures.previousValue !== null && figures.marketValue !== null) {
      dayChange += figures.marketValue - figures.previousValue;
      previousValue += figures.previousValue;
    }
  }
  for (const m of members) {
    m.row.weight = m.figures.marketValue === null ? null : percentOf(m.figures.marketValue, marketValue);
  }
  return {
    currency,
    marketValue: formatDecimal(marketValue, 2),
    costBasis: formatDecimal(costBasis, 2),
    dayChange: formatDecimal(dayChange, 2),
    dayChangePercent: percentOf(dayChange, previousValue),
    unrealizedPnl: formatDecimal(marketValue - costBasis, 2),
    unrealizedPnlPercent: percentOf(marketValue - costBasis, costBasis),
    count: members.length,
    stale: members.some((m) => m.row.stale),
  };
}

/**
 * Values every holding. Totals are per currency: base-currency holdings make `totals`, each other
 * currency gets its own entry in `otherCurrencies` (no FX conversion), and holdings without a quote
 * or a currency are listed in `totals.excluded`. Totals are rounded from exact sums, so they can
 * differ from the sum of the rounded rows by a cent.
 */
export function valuePortfolio(
  holdings: readonly HoldingRecord[],
  quotes: ReadonlyMap<string, Quote>,
  baseCurrency: string = BASE_CURRENCY,
): Pick<PortfolioResponse, 'holdings' | 'totals' | 'otherCurrencies'> {
  const valued = holdings.map((h) => valueOne(h, quotes.get(h.symbol)));
  const groups = new Map<string, typeof valued>([[baseCurrency, []]]);
  const excluded: ExcludedHolding[] = [];
  for (const v of valued) {
    const { row } = v;
    if (row.price === null) excluded.push({ id: row.id, symbol: row.symbol, currency: null, reason: 'NO_QUOTE' });
    else if (row.currency === null) excluded.push({ id: row.id, symbol: row.symbol, currency: null, reason: 'UNKNOWN_CURRENCY' });
    if (row.price === null || row.currency === null) continue;
    if (row.currency !== baseCurrency) {
      excluded.push({ id: row.id, symbol: row.symbol, currency: row.currency, reason: 'OTHER_CURRENCY' });
    }
    const group = groups.get(row.currency) ?? [];
    group.push(v);
    groups.set(row.currency, group);
  }
  const totals = { ...totalsOf(baseCurrency, groups.get(baseCurrency) ?? []), excluded };
  const otherCurrencies = [...groups.keys()]
    .filter((c) => c !== baseCurrency)
    .sort()
    .map((c) => totalsOf(c, groups.get(c) ?? []));
  return { holdings: valued.map((v) => v.row), totals, otherCurrencies };
}
