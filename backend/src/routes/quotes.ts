import { Router } from 'express';
import type { QuotesResponse, Tick } from '@tickstream/shared';
import type { Poller } from '../poller/types.ts';
import type { Live } from '../live/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { StoreError } from '../store/errors.ts';
import { latestTicks } from '../live/core/latest-quotes.ts';

export type ReadQuotes = () => Promise<QuotesResponse>;

/**
 * The latest tick per polled symbol (live can be ahead of the store while writes queue), from live
 * memory while the store is down: what GET /quotes answers, and the watchlist page's shell shows.
 */
export function quotesReader(
  ctx: { store: Pick<Store, 'ticks'>; logger: Logger },
  parts: { poller: Pick<Poller, 'symbols' | 'status'>; live: Pick<Live, 'latestTicks'> },
): ReadQuotes {
  return async () => {
    const symbols = parts.poller.symbols();
    let stored: Tick[] = [];
    try {
      stored = await ctx.store.ticks.latest(symbols);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      ctx.logger.warn({ err: err.message }, 'quotes served from live memory: store unavailable');
    }
    const quotes = latestTicks(symbols, parts.live.latestTicks(), stored);
    return { quotes: [...quotes.values()], status: parts.poller.status() };
  };
}

/** GET /quotes */
export function quotesRouter(read: ReadQuotes): Router {
  const router = Router();
  router.get('/quotes', async (_req, res) => {
    const body = await read();
    res.set('Cache-Control', 'no-store');
    res.json(body);
  });
  return router;
}
