// Portfolio lifecycle for createApp: seed PORTFOLIO once at start. The held symbols are followed
// through the symbol registry (symbols/registry.ts, the holdings provider). The HTTP side is
// routes.ts (createPortfolioRouter, mounted by routes/index.ts).
import type { PortfolioDeps } from './deps.ts';
import { seedPortfolio } from './seed.ts';

export interface PortfolioLifecycle {
  /** Seeds an empty holdings table from PORTFOLIO; call before the registry's first read. */
  start(): Promise<void>;
}

export function createPortfolioLifecycle(ctx: PortfolioDeps): PortfolioLifecycle {
  return {
    async start() {
      await seedPortfolio(ctx);
    },
  };
}
