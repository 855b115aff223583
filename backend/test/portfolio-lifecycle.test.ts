// Start-up seeding from PORTFOLIO and the followed symbols it feeds through the symbol registry's
// holdings provider (fake store and poller; the real stores are covered in portfolio-api.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortfolioLifecycle } from '../src/portfolio/index.ts';
import { seedPortfolio } from '../src/portfolio/seed.ts';
import { unionOf } from '../src/symbols/registry.ts';
import { fakePoller, fakeStore, portfolioRegistry, testContext } from './portfolio-support.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('portfolio start-up', () => {
  it('seeds PORTFOLIO into an empty table, then polls watchlist + held symbols', async () => {
    const ctx = testContext(fakeStore(), { PORTFOLIO: 'AAPL:10@150.25,TSLA:2@200' });
    const poller = fakePoller(ctx.config.watchlist);
    const registry = portfolioRegistry(ctx, poller);
    await createPortfolioLifecycle(ctx).start();
    await registry.start();
    registry.stop();
    const rows = await ctx.store.holdings.list();
    expect(rows.map((h) => [h.symbol, h.quantity, h.costPerShare])).toEqual([['AAPL', '10', '150.25'], ['TSLA', '2', '200']]);
    expect(poller.symbols()).toEqual(['AAPL', 'MSFT', 'TSLA']);
  });

  it('does not seed a table that already has holdings', async () => {
    const ctx = testContext(fakeStore(), { PORTFOLIO: 'AAPL:10@150.25' });
    await ctx.store.holdings.create({ symbol: 'NVDA', quantity: '1', costPerShare: '1' });
    expect(await seedPortfolio(ctx)).toBe(0);
    expect((await ctx.store.holdings.list()).map((h) => h.symbol)).toEqual(['NVDA']);
  });

  it('leaves seeding to the instance holding the seed lock', async () => {
    const ctx = testContext(fakeStore(), { PORTFOLIO: 'AAPL:10@150.25' });
    const other = await ctx.store.tryLead('tickstream:portfolio-seed');
    expect(other).not.toBeNull();
    expect(await seedPortfolio(ctx)).toBe(0);
    await other?.release();
    expect(await seedPortfolio(ctx)).toBe(1);
    expect(await seedPortfolio(ctx)).toBe(0);
  });

  it('re-reads holdings periodically to pick up changes made by another instance', async () => {
    vi.useFakeTimers();
    const ctx = testContext(fakeStore(), { POLL_INTERVAL_SECONDS: '10' });
    const poller = fakePoller(ctx.config.watchlist);
    const life = portfolioRegistry(ctx, poller);
    await life.start();
    expect(poller.setCalls).toEqual([]); // nothing held: the watchlist set is already right
    await ctx.store.holdings.create({ symbol: 'AMD', quantity: '1', costPerShare: '1' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(poller.symbols()).toEqual(['AAPL', 'MSFT', 'AMD']);
    life.stop();
    await ctx.store.holdings.create({ symbol: 'INTC', quantity: '1', costPerShare: '1' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(poller.symbols()).toEqual(['AAPL', 'MSFT', 'AMD']);
  });

  it('starts with the watchlist when the holdings cannot be read, and retries', async () => {
    vi.useFakeTimers();
    const store = fakeStore();
    const ctx = testContext(store, { POLL_INTERVAL_SECONDS: '5' });
    const list = vi.spyOn(store.holdings, 'list').mockRejectedValueOnce(new Error('database down'));
    await store.holdings.create({ symbol: 'AMD', quantity: '1', costPerShare: '1' });
    const poller = fakePoller(ctx.config.watchlist);
    const life = portfolioRegistry(ctx, poller);
    await life.start();
    expect(poller.symbols()).toEqual(['AAPL', 'MSFT']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(list).toHaveBeenCalledTimes(2);
    expect(poller.symbols()).toEqual(['AAPL', 'MSFT', 'AMD']);
    life.stop();
  });

  it('lists each polled symbol once, watchlist first', () => {
    expect(unionOf([['AAPL', 'MSFT'], ['TSLA', 'AAPL', 'TSLA']])).toEqual(['AAPL', 'MSFT', 'TSLA']);
  });
});
