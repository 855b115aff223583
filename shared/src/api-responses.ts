// zod schemas of the REST responses that had only a TypeScript interface, so the OpenAPI document
// (shared/src/openapi/) is generated from schemas and the contract tests can check every answer.
// The interfaces in market.ts and portfolio.ts stay what the code imports; the `Same<...>` checks
// at the bottom fail type checking the moment a schema and its interface disagree (a renamed or
// added field), so the document cannot drift from the types.
import * as z from 'zod/mini';
import { INTERVALS, candleSchema, sourceStatusSchema, tickSchema, type HistoryResponse, type SourceStatus, type Tick } from './market.ts';
import { adjustmentSchema, rangeSchema } from './ranges.ts';
import type { Holding, PortfolioResponse, PortfolioTotals, ValuedHolding } from './portfolio.ts';

const decimal = z.string().check(z.describe('decimal string, never a float'));
const money = z.string().check(z.describe('decimal string with 2 decimals'));

export const historyResponseSchema = z.object({
  symbol: z.string(),
  interval: z.enum(INTERVALS),
  candles: z.array(candleSchema),
  backfilling: z.optional(z.boolean()).check(z.describe("true while the symbol's history is still being fetched (first view of a symbol in no list)")),
  range: z.optional(rangeSchema).check(z.describe('the range asked for, echoed')),
  from: z.optional(z.int()).check(z.describe('unix seconds: start of the window read (inclusive)')),
  to: z.optional(z.int()).check(z.describe('unix seconds: end of the window read (inclusive)')),
  adjusted: z
    .optional(adjustmentSchema)
    .check(z.describe('1d/1wk/1mo only: split = OHLC adjusted for splits (as Yahoo draws its chart); split-dividend = also scaled by Yahoo adjusted close')),
  timezone: z.optional(z.string()).check(z.describe("the exchange's IANA time zone, when known; bars of 1h and more start at its session open")),
});

export const quotesResponseSchema = z.object({
  /** the latest tick per polled symbol */
  quotes: z.array(tickSchema),
  status: sourceStatusSchema,
});
export type QuotesResponse = z.infer<typeof quotesResponseSchema>;

export const HEALTH_STATES = ['ok', 'degraded', 'down'] as const;

export const healthResponseSchema = z.object({
  status: z.enum(HEALTH_STATES).check(z.describe('ok, degraded (serving something useful), or down (HTTP 503)')),
  db: z.object({
    ok: z.boolean(),
    kind: z.enum(['pglite', 'postgres']),
    timescale: z.boolean(),
    timescaleReason: z.optional(z.string()).check(z.describe('why TimescaleDB is not used, when it is not')),
    error: z.optional(z.string()).check(z.describe('why the database did not answer')),
  }),
  source: sourceStatusSchema,
  lastPollAtMs: z.nullable(z.number()).check(z.describe('unix milliseconds of the last successful poll')),
  backfill: sourceStatusSchema.shape.backfill,
  pendingWrites: z.int().check(z.nonnegative(), z.describe('rows waiting in the write queue')),
  leader: z.boolean().check(z.describe('whether this instance polls')),
  uptimeSeconds: z.int().check(z.nonnegative()),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const holdingSchema = z.object({
  id: z.int().check(z.positive()),
  symbol: z.string(),
  quantity: decimal,
  costPerShare: decimal,
  note: z.nullable(z.string()),
  acquiredOn: z.nullable(z.string()).check(z.describe('YYYY-MM-DD')),
  createdAt: z.number().check(z.describe('unix seconds')),
  updatedAt: z.number().check(z.describe('unix seconds')),
});

export const holdingsResponseSchema = z.object({ holdings: z.array(holdingSchema) });

export const valuedHoldingSchema = z.object({
  id: z.int().check(z.positive()),
  symbol: z.string(),
  quantity: decimal,
  costPerShare: decimal,
  price: z.nullable(decimal).check(z.describe('latest price, exact as quoted; null before the first quote')),
  marketValue: z.nullable(money),
  costBasis: money,
  dayChange: z.nullable(money),
  dayChangePercent: z.nullable(money),
  unrealizedPnl: z.nullable(money),
  unrealizedPnlPercent: z.nullable(money),
  weight: z.nullable(money).check(z.describe("share of its currency group's market value, in percent")),
  currency: z.nullable(z.string()),
  stale: z.boolean(),
  note: z.nullable(z.string()),
  acquiredOn: z.nullable(z.string()),
});

export const portfolioTotalsSchema = z.object({
  currency: z.string(),
  marketValue: money,
  costBasis: money,
  dayChange: money,
  dayChangePercent: z.nullable(money),
  unrealizedPnl: money,
  unrealizedPnlPercent: z.nullable(money),
  count: z.int().check(z.nonnegative()),
  stale: z.boolean(),
  excluded: z.optional(
    z.array(
      z.object({
        id: z.int().check(z.positive()),
        symbol: z.string(),
        currency: z.nullable(z.string()),
        reason: z.enum(['NO_QUOTE', 'OTHER_CURRENCY', 'UNKNOWN_CURRENCY']),
      }),
    ),
  ),
});

export const portfolioResponseSchema = z.object({
  holdings: z.array(valuedHoldingSchema),
  totals: portfolioTotalsSchema.check(z.describe('base-currency (USD) totals')),
  otherCurrencies: z.array(portfolioTotalsSchema).check(z.describe('one entry per other currency held, never converted')),
  ticks: z.array(tickSchema),
  status: z.nullable(sourceStatusSchema),
  asOf: z.number().check(z.describe('server time (unix seconds) of the valuation')),
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
