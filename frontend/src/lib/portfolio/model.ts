// The portfolio page's figures as pure functions of: the holdings, the latest tick per symbol (from
// the app's shared quote store), the source status and the time. Valued with the server's own
// rules (shared valuePortfolio), so the page and GET /api/portfolio always agree.
import {
  quoteFromTick,
  valuePortfolio,
  type HoldingRecord,
  type PortfolioResponse,
  type Quote,
  type SourceStatus,
  type Tick,
} from '@tickstream/shared';

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
