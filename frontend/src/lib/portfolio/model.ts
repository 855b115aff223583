// The portfolio page's figures as pure functions of: the holdings, the latest tick per symbol (from
// the app's shared quote store), the source status and the time. Valued with the server's own
// rules (shared valuePortfolio), so the page and GET /api/portfolio always agree.
import {
  BASE_CURRENCY,
  quoteFromTick,
  valuePortfolio,
  type HoldingRecord,
  type PortfolioResponse,
  type Quote,
  type SourceStatus,
  type Tick,
} from '@tickstream/shared';
import { quantitiesBySymbol, type ValueHistory, type ValuePoint } from './value-history.ts';

export type Valuation = Pick<PortfolioResponse, 'holdings' | 'totals' | 'otherCurrencies'>;
export type TickLookup = (symbol: string) => Tick | undefined;

export function recordsFrom(res: Pick<PortfolioResponse, 'holdings'>): HoldingRecord[] {
  return res.holdings.map((h) => ({
    id: h.id, symbol: h.symbol, quantity: h.quantity, costPerShare: h.costPerShare, note: h.note, acquiredOn: h.acquiredOn,
  }));
}

export function heldSymbols(records: readonly HoldingRecord[]): string[] {
  return [...new Set(records.map((h) => h.symbol))];
}

export interface ValuationInputs {
  records: readonly HoldingRecord[];
  tickOf: TickLookup;
  status: SourceStatus | null;
  nowSeconds: number;
  staleAfterSeconds: number;
}

export function valuate(inputs: ValuationInputs): Valuation {
  const rules = { nowSeconds: inputs.nowSeconds, staleAfterSeconds: inputs.staleAfterSeconds, status: inputs.status };
  const quotes = new Map<string, Quote>();
  for (const symbol of heldSymbols(inputs.records)) {
    const tick = inputs.tickOf(symbol);
    if (tick) quotes.set(symbol, quoteFromTick(tick, rules));
  }
  return valuePortfolio(inputs.records, quotes);
}

/**
 * The value chart covers base-currency holdings only (other currencies are never summed into a
 * USD value); `left` names the held symbols it leaves out (other currency, no price yet).
 */
export function valueSeriesOf(records: readonly HoldingRecord[], tickOf: TickLookup, history: ValueHistory): { points: ValuePoint[]; left: string[] } {
  const base = records.filter((h) => tickOf(h.symbol)?.currency === BASE_CURRENCY);
  const quantities = quantitiesBySymbol(base);
  const left = heldSymbols(records).filter((s) => !quantities.has(s)).concat(history.missing(quantities));
  return { points: history.series(quantities), left };
}
