// /api/watchlists...: thin HTTP adapters over the watchlist service. Writes pass the portfolio's
// write guard (same site, and the API token when API_TOKEN is set).
import { Router, type Request } from 'express';
import {
  symbolSchema,
  watchlistAddSymbolSchema,
  watchlistCreateSchema,
  watchlistRenameSchema,
  watchlistReorderSchema,
} from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';
import { jsonBody } from '../http/json-body.ts';
import { parseJsonBody } from '../http/parse.ts';
import { writeGuard } from '../portfolio/guard.ts';
import type { WatchlistService } from './service.ts';

const MAX_ID = 2 ** 31 - 1;

function parseId(req: Request): number {
  const raw = String(req.params.id);
  const id = /^(0|[1-9]\d{0,9})$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_ID)) throw new BadRequestError('INVALID_ID', `Watchlist id ${JSON.stringify(raw)} is not a whole number`);
  return id;
}

function parseSymbol(req: Request): string {
  const parsed = symbolSchema.safeParse(String(req.params.symbol));
  if (!parsed.success) throw new BadRequestError('INVALID_SYMBOL', `${JSON.stringify(req.params.symbol)} is not a ticker symbol`);
  return parsed.data;
}

export interface WatchlistRouterOptions {
  apiToken: string | undefined;
  allowedOrigins: readonly string[] | undefined;
}

export function createWatchlistRouter(service: WatchlistService, opts: WatchlistRouterOptions): Router {
  const guard = writeGuard({ ...opts, what: 'watchlists' });
  const json = jsonBody({ limit: '16kb' });
  const router = Router();

  router.get('/watchlists', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.list());
  });

  router.post('/watchlists', guard, json, async (req, res) => {
    const created = await service.create(parseJsonBody(watchlistCreateSchema, req, 'INVALID_WATCHLIST'));
    res.status(201).location(`${req.baseUrl}/watchlists/${created.id}`).json(created);
  });

  router.get('/watchlists/:id', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.get(parseId(req)));
  });

  router.patch('/watchlists/:id', guard, json, async (req, res) => {
    const id = parseId(req);
    res.json(await service.rename(id, parseJsonBody(watchlistRenameSchema, req, 'INVALID_WATCHLIST').name));
  });

  router.delete('/watchlists/:id', guard, async (req, res) => {
    await service.remove(parseId(req));
    res.status(204).end();
  });

  router.post('/watchlists/:id/symbols', guard, json, async (req, res) => {
    const id = parseId(req);
    const body = parseJsonBody(watchlistAddSymbolSchema, req, 'INVALID_WATCHLIST');
    res.json(await service.addSymbol(id, body.symbol, body.position));
  });

  router.put('/watchlists/:id/symbols', guard, json, async (req, res) => {
    const id = parseId(req);
    res.json(await service.reorder(id, parseJsonBody(watchlistReorderSchema, req, 'INVALID_WATCHLIST').symbols));
  });

  router.delete('/watchlists/:id/symbols/:symbol', guard, async (req, res) => {
    const id = parseId(req);
    res.json(await service.removeSymbol(id, parseSymbol(req)));
  });

  return router;
}
