// STUB (poller helper replaces)
import type { SourceStatus } from '@tickstream/shared';
import type { Context } from '../app.ts';
import type { MarketPublisher } from '../bus/types.ts';
import type { Poller } from './types.ts';

export function createPoller(ctx: Context, _publisher: MarketPublisher): Poller {
  let symbols: readonly string[] = ctx.config.watchlist;
  const status: SourceStatus = {
    state: 'ok', source: ctx.source.name, lastSuccessAt: null, lastError: null, nextAttemptAt: null,
    stale: false, symbolErrors: {}, backfill: { done: 0, total: 0, running: false },
  };
  return {
    start() {},
    async stop() {},
    status: () => status,
    isLeader: () => false,
    setSymbols(s) { symbols = s; },
    symbols: () => symbols,
    pendingWrites: () => 0,
  };
}
