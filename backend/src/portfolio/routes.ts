// STUB (portfolio helper replaces): /api/portfolio...
import { Router } from 'express';
import type { Context } from '../app.ts';
import type { Poller } from '../poller/types.ts';
import type { Live } from '../live/types.ts';

export function createPortfolioRouter(_ctx: Context, _parts: { poller: Poller; live: Live }): Router {
  return Router();
}
