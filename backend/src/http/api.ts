// STUB (foundation helper replaces): /api/history, /api/quotes, /api/health.
import { Router } from 'express';
import type { Context } from '../app.ts';
import type { Poller } from '../poller/types.ts';
import type { Live } from '../live/types.ts';
import { createPortfolioRouter } from '../portfolio/routes.ts';

export function createApiRouter(ctx: Context, parts: { poller: Poller; live: Live }): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: parts.poller.status().state });
  });
  router.use(createPortfolioRouter(ctx, parts));
  return router;
}
