import { Router } from 'express';
import type { Tick } from '@tickstream/shared';
import type { Poller } from '../poller/types.ts';
import type { Live } from '../live/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { StoreError } from '../store/errors.ts';

/** Per symbol, the newer of the stored and the live tick (live can be ahead while writes queue). */
export function mergeLatest(symbols: readonly string[], stored: readonly Tick[], live: ReadonlyMap<string, Tick>): Tick[] {
  const bySymbol = new Map(stored.map((t) => [t.symbol, t]));
  const out: Tick[] = [];
  for (const symbol of symbols) {
    const a = bySymbol.get(symbol);
    const b = live.get(symbol);
    const newest = a && b ? (b.time > a.time ? b : a) : (a ?? b);
    // Names are not stored per tick: take the one live memory knows.
    if (newest) out.push(newest.name || !b?.name ? newest : { ...newest, name: b.name });
  }
  return out;
}

/** GET /quotes: latest tick per polled symbol; served from live memory while the store is down. */
export function quotesRouter(
  ctx: { store: Pick<Store, 'ticks'>; logger: Logger },
  parts: { poller: Pick<Poller, 'symbols' | 'status'>; live: Pick<Live, 'latestTicks'> },
): Router {
  const router = Router();
  router.get('/quotes', async (_req, res) => {
    const symbols = parts.poller.symbols();
    let stored: Tick[] = [];
    try {
      stored = await ctx.store.ticks.latest(symbols);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      ctx.logger.warn({ err: err.message }, 'quotes served from live memory: store unavailable');
    }
    res.set('Cache-Control', 'no-store');
    res.json({ quotes: mergeLatest(symbols, stored, parts.live.latestTicks()), status: parts.poller.status() });
  });
  return router;
}
