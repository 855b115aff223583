// GET /api/portfolio/history: the portfolio's value over a range against a benchmark, both as %.
import * as z from 'zod/mini';
import { symbolSchema } from './market.ts';

export const PORTFOLIO_RANGES = ['1d', '1w', '1m', '1y', 'max'] as const;
export const portfolioRangeSchema = z.enum(PORTFOLIO_RANGES);
export type PortfolioRange = z.infer<typeof portfolioRangeSchema>;
export const DEFAULT_BENCHMARK = 'SPY';

export const portfolioHistoryQuerySchema = z.object({
  range: z._default(portfolioRangeSchema, '1m').check(z.describe('how far back: 1d, 1w, 1m, 1y or max (default 1m)')),
  benchmark: z._default(symbolSchema, DEFAULT_BENCHMARK).check(z.describe(`the symbol to compare with (default ${DEFAULT_BENCHMARK})`)),
});
export type PortfolioHistoryQuery = z.infer<typeof portfolioHistoryQuerySchema>;

const time = z.int().check(z.describe('bar start, unix seconds'));
const finite = z.number();

export const portfolioHistoryPointSchema = z.object({
  time,
  value: finite.check(z.describe('market value of the holdings held at that time, in the base currency')),
  percent: finite.check(z.describe('time-weighted return since the first point, %: buying or adding a holding is not a gain')),
});
export type PortfolioHistoryPoint = z.infer<typeof portfolioHistoryPointSchema>;

export const benchmarkPointSchema = z.object({
  time,
  close: finite.check(z.positive()),
  percent: finite.check(z.describe('change since the first point, %')),
});
export type BenchmarkPoint = z.infer<typeof benchmarkPointSchema>;

export const portfolioHistoryResponseSchema = z.object({
  range: portfolioRangeSchema,
  interval: z.string().check(z.describe('the bar interval the range is drawn with')),
  currency: z.string(),
  points: z.array(portfolioHistoryPointSchema),
  benchmark: z.object({ symbol: z.string(), points: z.array(benchmarkPointSchema) }),
  /** held symbols left out: another or an unknown currency (never converted), or no stored bars in the range */
  excluded: z.array(z.object({ symbol: z.string(), reason: z.enum(['OTHER_CURRENCY', 'UNKNOWN_CURRENCY', 'NO_BARS']) })),
});
export type PortfolioHistoryResponse = z.infer<typeof portfolioHistoryResponseSchema>;
