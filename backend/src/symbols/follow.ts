// What "viewing a symbol" does, for the two ways a page views one: its history (REST) and its live
// subscribe (WebSocket / SSE). Both admit a symbol in no list (known to the source, within
// MAX_SYMBOLS), mark it viewed so it is polled, and start its backfill.
import type { Poller } from '../poller/types.ts';
import type { SymbolRefusal } from '../live/core/session.ts';
import type { SymbolRegistry } from './registry.ts';

export interface FollowDeps {
  registry: Pick<SymbolRegistry, 'tracked' | 'admit' | 'check' | 'view'>;
  poller: Pick<Poller, 'status'>;
  backfillDays: number;
  maxSymbols: number;
}

export function createFollow(deps: FollowDeps) {
  const { registry } = deps;
  return {
    /** For /api/history: throws 404 SYMBOL_NOT_FOUND / 409 SYMBOL_LIMIT_REACHED / 503 SOURCE_UNAVAILABLE. */
    async history(symbol: string): Promise<{ backfilling: boolean }> {
      if (registry.tracked().has(symbol)) {
        return { backfilling: deps.poller.status().backfill.symbols?.includes(symbol) ?? false };
      }
      await registry.admit([symbol]);
      await registry.view([symbol]);
      return { backfilling: deps.backfillDays > 0 };
    },

    /** For a live subscribe: the refusals to tell the client; the accepted new symbols are polled from now. */
    async live(symbols: string[]): Promise<SymbolRefusal[]> {
      const verdict = await registry.check(symbols);
      const refusals: SymbolRefusal[] = [];
      if (verdict.notFound.length > 0) {
        refusals.push({ code: 'SYMBOL_NOT_FOUND', symbols: verdict.notFound, message: `The quote source does not know ${verdict.notFound.join(', ')}` });
      }
      if (verdict.overLimit.length > 0) {
        refusals.push({
          code: 'SYMBOL_LIMIT_REACHED',
          symbols: verdict.overLimit,
          message: `Following ${verdict.overLimit.join(', ')} would pass MAX_SYMBOLS (${deps.maxSymbols} distinct symbols across the server)`,
        });
      }
      const fresh = verdict.accepted.filter((s) => !registry.tracked().has(s));
      if (fresh.length > 0) await registry.view(fresh);
      return refusals;
    },
  };
}
