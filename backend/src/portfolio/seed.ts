// PORTFOLIO=AAPL:10@150.25,MSFT:5@310 : holdings to create on first start (empty table only).
import { checkPositiveDecimal, isValidSymbol, normalizeSymbol } from '@tickstream/shared';
// pino's type, not ../logger.ts, and no Config: config.ts imports this file to validate PORTFOLIO.
import type { Logger } from 'pino';
import type { NewHolding, Store } from '../store/types.ts';

const ENTRY = /^([^:@\s]+):([^:@\s]+)@([^:@\s]+)$/;

/** Parses the whole value strictly; the error names the bad entry (config.ts prefixes the variable). */
export function parsePortfolioSeed(raw: string): { ok: true; holdings: NewHolding[] } | { ok: false; message: string } {
  const holdings: NewHolding[] = [];
  const entries = raw.split(',');
  for (const rawEntry of entries) {
    const entry = rawEntry.trim();
    const where = `entry ${JSON.stringify(entry)}`;
    const m = ENTRY.exec(entry);
    if (!m) return { ok: false, message: `${where} is not SYMBOL:QUANTITY@COST, e.g. AAPL:10@150.25` };
    const [, rawSymbol = '', rawQuantity, rawCost] = m;
    const symbol = normalizeSymbol(rawSymbol);
    if (!isValidSymbol(symbol)) return { ok: false, message: `${where}: ${JSON.stringify(rawSymbol)} is not a ticker symbol` };
    const quantity = checkPositiveDecimal(rawQuantity);
    if (!quantity.ok) return { ok: false, message: `${where}: quantity ${quantity.message}` };
    const cost = checkPositiveDecimal(rawCost);
    if (!cost.ok) return { ok: false, message: `${where}: cost ${cost.message}` };
    holdings.push({ symbol, quantity: quantity.value, costPerShare: cost.value, note: null, acquiredOn: null });
  }
  return { ok: true, holdings };
}

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
