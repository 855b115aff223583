// Portfolio lifecycle for createApp: seed PORTFOLIO, then keep the polled symbols = watchlist +
// holdings. The HTTP side is routes.ts (createPortfolioRouter, mounted by routes/index.ts).
import type { PolledSymbols, PortfolioDeps } from './deps.ts';
import { seedPortfolio } from './seed.ts';
import { createSymbolSync } from './sync.ts';

export interface PortfolioLifecycle {
  /** Seeds an empty holdings table from PORTFOLIO and syncs the poller's symbols; call before poller.start(). */
  start(): Promise<void>;
  stop(): void;
}

export function createPortfolioLifecycle(ctx: PortfolioDeps, poller: PolledSymbols): PortfolioLifecycle {
  // Re-read holdings about once a poll (5-60 s) to pick up changes made on other instances.
  const sync = createSymbolSync(ctx, poller, Math.min(60_000, Math.max(5_000, ctx.config.poll.intervalMs)));
  return {
    async start() {
      await seedPortfolio(ctx);
      await sync.start();
    },
    stop() {
      sync.stop();
    },
  };
}
