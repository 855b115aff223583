// Portfolio rules: holdings CRUD with the poller kept in step, and live valuation.
import {
  canonicalDecimal,
  parseDecimal,
  quoteFromTick,
  valuePortfolio,
  type Holding,
  type HoldingInput,
  type HoldingPatch,
  type PortfolioResponse,
  type Quote,
  type Tick,
} from '@tickstream/shared';
import { HttpError } from '../errors.ts';
import type { Live } from '../live/types.ts';
import type { Poller } from '../poller/types.ts';
import { latestTicks } from '../live/core/latest-quotes.ts';
import type { PortfolioDeps } from './deps.ts';
import type { NewHolding } from '../store/types.ts';
import type { SymbolRegistry } from '../symbols/registry.ts';
import type { HistoryDeps } from '../history/service.ts';

/** Each holding's symbol is polled, so an open API must not grow the poller's set without bound. */
export const MAX_HOLDINGS = 200;

/** The running parts the service reads: the source status, the live ticks, and the followed symbols. */
export interface PortfolioParts {
  poller: Pick<Poller, 'status'>;
  live: Pick<Live, 'latestTicks'>;
  /** holdings are one provider of the followed symbols: a new symbol is admitted (known, within MAX_SYMBOLS), re-read after every change */
  symbols: Pick<SymbolRegistry, 'refresh' | 'admit'>;
  /** follows a symbol read by history (the benchmark): see HistoryDeps.follow */
  follow?: HistoryDeps['follow'];
}

export interface PortfolioService {
  valuation(): Promise<PortfolioResponse>;
  list(): Promise<Holding[]>;
  create(input: HoldingInput): Promise<Holding>;
  update(id: number, patch: HoldingPatch): Promise<Holding>;
  remove(id: number): Promise<void>;
}

/** A REGULAR-session quote older than this is stale: a few missed polls, at least five minutes. */
export function staleAfterSeconds(pollIntervalMs: number): number {
  return Math.max(300, Math.ceil((3 * pollIntervalMs) / 1000));
}

const canonical = (text: string) => {
  const units = parseDecimal(text);
  return units === null ? text : canonicalDecimal(units);
};

/** The holding as the API sends it: decimals in their shortest exact form. */
export function canonicalHolding(h: Holding): Holding {
  return {
    id: h.id,
    symbol: h.symbol,
    quantity: canonical(h.quantity),
    costPerShare: canonical(h.costPerShare),
    note: h.note,
    acquiredOn: h.acquiredOn,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

function notFound(id: number): HttpError {
  return new HttpError(404, 'HOLDING_NOT_FOUND', `No holding with id ${id}`);
}

/** The latest tick per symbol; symbols this instance has not seen live yet are read from the store. */
export async function readLatestTicks(
  ctx: Pick<PortfolioDeps, 'store'>,
  parts: Pick<PortfolioParts, 'live'>,
  symbols: readonly string[],
): Promise<Map<string, Tick>> {
  const live = parts.live.latestTicks();
  const missing = symbols.filter((s) => !live.has(s));
  return latestTicks(symbols, live, missing.length > 0 ? await ctx.store.ticks.latest(missing) : []);
}

export function createPortfolioService(ctx: PortfolioDeps, parts: PortfolioParts): PortfolioService {
  const staleAfter = staleAfterSeconds(ctx.config.poll.intervalMs);

  /** The write stands even if this fails; the periodic sync retries. */
  const afterChange = async () => {
    try {
      await parts.symbols.refresh();
    } catch (err) {
      ctx.logger.warn({ err }, 'holdings changed but the polled symbols could not be synced yet');
    }
  };

  const latest = (symbols: string[]) => readLatestTicks(ctx, parts, symbols);

  return {
    async valuation() {
      const holdings = await ctx.store.holdings.list();
      const ticks = await latest([...new Set(holdings.map((h) => h.symbol))]);
      const nowSeconds = Math.floor(ctx.now() / 1000);
      const status = parts.poller.status();
      const rules = { nowSeconds, staleAfterSeconds: staleAfter, status };
      const quotes = new Map<string, Quote>();
      for (const [symbol, tick] of ticks) quotes.set(symbol, quoteFromTick(tick, rules));
      return { ...valuePortfolio(holdings, quotes), ticks: [...ticks.values()], status, asOf: nowSeconds, staleAfterSeconds: staleAfter };
    },

    async list() {
      return (await ctx.store.holdings.list()).map(canonicalHolding);
    },

    async create(input) {
      if ((await ctx.store.holdings.count()) >= MAX_HOLDINGS) {
        throw new HttpError(409, 'TOO_MANY_HOLDINGS', `A portfolio holds at most ${MAX_HOLDINGS} holdings`);
      }
      await parts.symbols.admit([input.symbol]);
      const created = await ctx.store.holdings.create({ ...input, note: input.note ?? null, acquiredOn: input.acquiredOn ?? null });
      await afterChange();
      return canonicalHolding(created);
    },

    async update(id, patch) {
      const changes: Partial<NewHolding> = {};
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(changes, { [key]: value });
      if (patch.symbol !== undefined) await parts.symbols.admit([patch.symbol]);
      const updated = await ctx.store.holdings.update(id, changes);
      if (!updated) throw notFound(id);
      if (patch.symbol !== undefined) await afterChange();
      return canonicalHolding(updated);
    },

    async remove(id) {
      if (!(await ctx.store.holdings.remove(id))) throw notFound(id);
      await afterChange();
    },
  };
}
