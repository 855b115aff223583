// PORTFOLIO=AAPL:10@150.25,MSFT:5@310 : holdings to create on first start (empty table only).
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { parsePortfolioSeed } from '../config-portfolio.ts';

export interface SeedDeps {
  config: { portfolioSeed: string | undefined };
  store: Pick<Store, 'tryLead' | 'holdings'>;
  logger: Logger;
}

const SEED_LOCK = 'tickstream:portfolio-seed';

/**
 * Creates the PORTFOLIO holdings when the table is empty. Instances starting together race for a
 * lock so only one seeds; the others skip (their symbol sync picks the holdings up later).
 * Resolves to the number of holdings created.
 */
export async function seedPortfolio(ctx: SeedDeps): Promise<number> {
  const raw = ctx.config.portfolioSeed;
  if (!raw) return 0;
  const parsed = parsePortfolioSeed(raw);
  // config.ts validates PORTFOLIO already; this guards configs built without loadConfig.
  if (!parsed.ok) throw new Error(`PORTFOLIO: ${parsed.message}`);
  const lock = await ctx.store.tryLead(SEED_LOCK);
  if (!lock) {
    ctx.logger.info('another instance is seeding the portfolio; skipping');
    return 0;
  }
  try {
    if ((await ctx.store.holdings.count()) > 0) return 0;
    for (const h of parsed.holdings) await ctx.store.holdings.create(h);
    ctx.logger.info({ holdings: parsed.holdings.length }, 'seeded the portfolio from PORTFOLIO');
    return parsed.holdings.length;
  } finally {
    await lock.release();
  }
}
