// /api routes: history, quotes, health, plus the portfolio routes (owned by the portfolio module).
import { Router } from 'express';
import type { Poller } from '../poller/types.ts';
import type { PortfolioDeps } from '../portfolio/deps.ts';
import { createPortfolioRouter } from '../portfolio/routes.ts';
import type { PortfolioParts } from '../portfolio/service.ts';
import { createHistoryService } from '../history/service.ts';
import { historyRouter } from './history.ts';
import { quotesRouter } from './quotes.ts';
import { healthRouter } from './health.ts';

export function createApiRouter(ctx: PortfolioDeps, parts: PortfolioParts & { poller: Pick<Poller, 'pendingWrites' | 'isLeader'> }): Router {
  const router = Router();
  const history = createHistoryService({ store: ctx.store, now: ctx.now, maxRows: ctx.config.http.historyMaxRows });
  router.use(historyRouter(history));
  router.use(quotesRouter(ctx, parts));
  router.use(healthRouter(ctx, parts));
  router.use(createPortfolioRouter(ctx, parts));
  return router;
}
