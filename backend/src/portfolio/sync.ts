// Keeps the poller's symbol set = WATCHLIST + held symbols + symbols of enabled alerts. Changes made through this instance
// sync at once; a periodic re-read catches holdings changed by another instance (the poller runs
// on whichever instance holds the poller lock).
import type { PolledSymbols, PortfolioDeps } from './deps.ts';

type SyncDeps = Pick<PortfolioDeps, 'config' | 'store' | 'logger'>;

export function polledSymbols(watchlist: readonly string[], held: readonly string[], alerted: readonly string[] = []): string[] {
  return [...new Set([...watchlist, ...held, ...alerted])];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((s) => set.has(s));
}

/** Reads the holdings and hands the poller the new set when it differs; resolves to that set. */
export async function syncPolledSymbols(ctx: SyncDeps, poller: PolledSymbols): Promise<readonly string[]> {
  const [holdings, alerted] = await Promise.all([ctx.store.holdings.list(), ctx.store.alerts.activeSymbols()]);
  const next = polledSymbols(ctx.config.watchlist, holdings.map((h) => h.symbol), alerted);
  if (!sameSet(poller.symbols(), next)) {
    ctx.logger.info({ symbols: next }, 'polled symbols changed (watchlist + holdings + alerts)');
    poller.setSymbols(next);
  }
  return next;
}

export interface SymbolSync {
  /** Syncs once now, then every `everyMs` until stopped. */
  start(): Promise<void>;
  stop(): void;
}

export function createSymbolSync(ctx: SyncDeps, poller: PolledSymbols, everyMs: number): SymbolSync {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = syncPolledSymbols(ctx, poller)
      .catch((err: unknown) => ctx.logger.warn({ err }, 'could not read holdings to sync polled symbols; will retry'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    async start() {
      tick();
      await running;
      timer ??= setInterval(tick, everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
