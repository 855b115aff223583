// /api/portfolio...: thin HTTP adapters over the portfolio service.
import { Router, type Request } from 'express';
import { PORTFOLIO_RANGES, holdingInputSchema, holdingPatchSchema, portfolioHistoryQuerySchema } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';
import { createHistoryService } from '../history/service.ts';
import { createPortfolioHistoryService, historyBars } from './history-service.ts';
import type { PortfolioDeps } from './deps.ts';
import { jsonBody } from '../http/json-body.ts';
import { parseIdParam, parseJsonBody } from '../http/parse.ts';
import { writeGuard } from './guard.ts';
import { createPortfolioService, readLatestTicks, type PortfolioParts } from './service.ts';
import '../zod-messages.ts';

const parseId = (req: Request) => parseIdParam(req, 'Holding');

export function createPortfolioRouter(ctx: PortfolioDeps, parts: PortfolioParts): Router {
  const service = createPortfolioService(ctx, parts);
  const guard = writeGuard({ apiToken: ctx.config.http.apiToken, allowedOrigins: ctx.config.http.allowedOrigins });
  const json = jsonBody({ limit: '8kb' });
  const router = Router();
  const history = createPortfolioHistoryService({
    holdings: () => ctx.store.holdings.list(),
    currencies: async (symbols) => {
      const ticks = await readLatestTicks(ctx, parts, symbols);
      return new Map(symbols.map((s) => [s, ticks.get(s)?.currency ?? null]));
    },
    bars: historyBars(createHistoryService({ store: ctx.store, now: ctx.now, maxRows: ctx.config.http.historyMaxRows }), ctx.config.http.historyMaxRows),
    newestBars: (symbols) => ctx.store.candles.lastBuckets(symbols),
    ...(parts.follow ? { follow: parts.follow } : {}),
    now: ctx.now,
  });

  router.get('/portfolio', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.valuation());
  });

  router.get('/portfolio/history', async (req, res) => {
    const query = portfolioHistoryQuerySchema.safeParse(req.query);
    if (!query.success) {
      const issue = query.error.issues[0];
      const field = String(issue?.path[0] ?? 'range');
      const got = JSON.stringify((req.query as Record<string, unknown>)[field]);
      if (field === 'benchmark') throw new BadRequestError('INVALID_SYMBOL', `benchmark must be a ticker symbol, got ${got}`);
      throw new BadRequestError('INVALID_RANGE', `range must be one of ${PORTFOLIO_RANGES.join(', ')}, got ${got}`);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(await history.get(query.data));
  });

  router.get('/portfolio/holdings', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ holdings: await service.list() });
  });

  router.post('/portfolio/holdings', guard, json, async (req, res) => {
    const input = parseJsonBody(holdingInputSchema, req, 'INVALID_HOLDING');
    const created = await service.create(input);
    res.status(201).location(`${req.baseUrl}/portfolio/holdings/${created.id}`).json(created);
  });

  router.put('/portfolio/holdings/:id', guard, json, async (req, res) => {
    const id = parseId(req);
    const patch = parseJsonBody(holdingPatchSchema, req, 'INVALID_HOLDING');
    res.json(await service.update(id, patch));
  });

  router.delete('/portfolio/holdings/:id', guard, async (req, res) => {
    await service.remove(parseId(req));
    res.status(204).end();
  });

  return router;
}
