// zod schemas of the REST responses that had only a TypeScript interface, so the OpenAPI document
// (shared/src/openapi/) is generated from schemas and the contract tests can check every answer.
// The interfaces in market.ts and portfolio.ts stay what the code imports; the `Same<...>` checks
// at the bottom fail type checking the moment a schema and its interface disagree (a renamed or
// added field), so the document cannot drift from the types.
import { z } from 'zod';
import { INTERVALS, candleSchema, sourceStatusSchema, tickSchema, type HistoryResponse, type SourceStatus, type Tick } from './market.ts';
import { adjustmentSchema, rangeSchema } from './ranges.ts';
import type { Holding, PortfolioResponse, PortfolioTotals, ValuedHolding } from './portfolio.ts';

const decimal = z.string().describe('decimal string, never a float');
const money = z.string().describe('decimal string with 2 decimals');

export const historyResponseSchema = z.object({
  symbol: z.string(),
  interval: z.enum(INTERVALS),
  candles: z.array(candleSchema),
  backfilling: z.boolean().optional().describe("true while the symbol's history is still being fetched (first view of a symbol in no list)"),
  range: rangeSchema.optional().describe('the range asked for, echoed'),
  from: z.number().int().optional().describe('unix seconds: start of the window read (inclusive)'),
  to: z.number().int().optional().describe('unix seconds: end of the window read (inclusive)'),
  adjusted: adjustmentSchema
    .optional()
    .describe('1d/1wk/1mo only: split = OHLC adjusted for splits (as Yahoo draws its chart); split-dividend = also scaled by Yahoo adjusted close'),
  timezone: z.string().optional().describe("the exchange's IANA time zone, when known; bars of 1h and more start at its session open"),
});

export const quotesResponseSchema = z.object({
  /** the latest tick per polled symbol */
  quotes: z.array(tickSchema),
  status: sourceStatusSchema,
});
export type QuotesResponse = z.infer<typeof quotesResponseSchema>;

export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;

export const healthResponseSchema = z.object({
  status: z.enum(HEALTH_STATES).describe('ok, degraded (serving something useful), or down (HTTP 503)'),
  db: z.object({
    ok: z.boolean(),
    kind: z.enum(['pglite', 'postgres']),
    timescale: z.boolean(),
    timescaleReason: z.string().optional().describe('why TimescaleDB is not used, when it is not'),
    error: z.string().optional().describe('why the database did not answer'),
  }),
  source: sourceStatusSchema,
  lastPollAtMs: z.number().nullable().describe('unix milliseconds of the last successful poll'),
  backfill: sourceStatusSchema.shape.backfill,
  pendingWrites: z.number().int().nonnegative().describe('rows waiting in the write queue'),
  leader: z.boolean().describe('whether this instance polls'),
  uptimeSeconds: z.number().int().nonnegative(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const holdingSchema = z.object({
  id: z.number().int().positive(),
  symbol: z.string(),
  quantity: decimal,
  costPerShare: decimal,
  note: z.string().nullable(),
  acquiredOn: z.string().nullable().describe('YYYY-MM-DD'),
  createdAt: z.number().describe('unix seconds'),
  updatedAt: z.number().describe('unix seconds'),
});

export const holdingsResponseSchema = z.object({ holdings: z.array(holdingSchema) });

export const valuedHoldingSchema = z.object({
  id: z.number().int().positive(),
  symbol: z.string(),
  quantity: decimal,
  costPerShare: decimal,
  price: decimal.nullable().describe('latest price, exact as quoted; null before the first quote'),
  marketValue: money.nullable(),
  costBasis: money,
  dayChange: money.nullable(),
  dayChangePercent: money.nullable(),
  unrealizedPnl: money.nullable(),
  unrealizedPnlPercent: money.nullable(),
  weight: money.nullable().describe("share of its currency group's market value, in percent"),
  currency: z.string().nullable(),
  stale: z.boolean(),
  note: z.string().nullable(),
  acquiredOn: z.string().nullable(),
});

export const portfolioTotalsSchema = z.object({
  currency: z.string(),
  marketValue: money,
  costBasis: money,
  dayChange: money,
  dayChangePercent: money.nullable(),
  unrealizedPnl: money,
  unrealizedPnlPercent: money.nullable(),
  count: z.number().int().nonnegative(),
  stale: z.boolean(),
  excluded: z
    .array(
      z.object({
        id: z.number().int().positive(),
        symbol: z.string(),
        currency: z.string().nullable(),
        reason: z.enum(['NO_QUOTE', 'OTHER_CURRENCY', 'UNKNOWN_CURRENCY']),
      }),
    )
    .optional(),
});

export const portfolioResponseSchema = z.object({
  holdings: z.array(valuedHoldingSchema),
  totals: portfolioTotalsSchema.describe('base-currency (USD) totals'),
  otherCurrencies: z.array(portfolioTotalsSchema).describe('one entry per other currency held, never converted'),
  ticks: z.array(tickSchema),
  status: sourceStatusSchema.nullable(),
  asOf: z.number().describe('server time (unix seconds) of the valuation'),
  staleAfterSeconds: z.number(),
});

// ---- the schemas above and the interfaces the code uses must agree, field for field ----------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function agree<T extends true>(): T | undefined {
  return undefined;
}
agree<Same<z.infer<typeof historyResponseSchema>, HistoryResponse>>();
agree<Same<z.infer<typeof holdingSchema>, Holding>>();
agree<Same<z.infer<typeof valuedHoldingSchema>, ValuedHolding>>();
agree<Same<z.infer<typeof portfolioTotalsSchema>, PortfolioTotals>>();
agree<Same<z.infer<typeof portfolioResponseSchema>, PortfolioResponse>>();
agree<Same<z.infer<typeof quotesResponseSchema>, { quotes: Tick[]; status: SourceStatus }>>();
