// /api/portfolio...: thin HTTP adapters over the portfolio service.
import { Router, type Request } from 'express';
import { holdingInputSchema, holdingPatchSchema } from '@tickstream/shared';
import type { PortfolioDeps } from './deps.ts';
import { jsonBody } from '../http/json-body.ts';
import { parseIdParam, parseJsonBody } from '../http/parse.ts';
import { writeGuard } from './guard.ts';
import { createPortfolioService, type PortfolioParts } from './service.ts';

const parseId = (req: Request) => parseIdParam(req, 'Holding');

export function createPortfolioRouter(ctx: PortfolioDeps, parts: PortfolioParts): Router {
  const service = createPortfolioService(ctx, parts);
  const guard = writeGuard({ apiToken: ctx.config.http.apiToken, allowedOrigins: ctx.config.http.allowedOrigins });
  const json = jsonBody({ limit: '8kb' });
  const router = Router();

  router.get('/portfolio', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.valuation());
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
