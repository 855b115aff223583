import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { QuoteSource } from '../sources/types.ts';
import { SourceError } from '../sources/errors.ts';
import { fakeViewedSymbolRepository } from '../../test/fixtures/fake-watchlists.ts';
import { createSymbolRegistry, type SymbolProvider } from './registry.ts';

const START = Date.UTC(2025, 2, 4, 15, 0, 0);

function setup(opts: { max?: number; graceMs?: number; providers?: SymbolProvider[]; lookup?: QuoteSource['lookup'] } = {}) {
  let now = START;
  let polled: string[] = [];
  const lookups: string[][] = [];
  const followed = new Set<string>();
  const viewed = fakeViewedSymbolRepository();
  const lists = { env: ['AAPL', 'MSFT'], lists: [] as string[], alerts: [] as string[] };
  const registry = createSymbolRegistry({
    providers: opts.providers ?? [
      { name: 'env', symbols: async () => lists.env },
      { name: 'watchlists', symbols: async () => lists.lists },
      { name: 'alerts', symbols: async () => lists.alerts },
      { name: 'viewed', symbols: () => viewed.active(Math.floor(now / 1000)) },
    ],
    poller: { symbols: () => polled, setSymbols: (s) => void (polled = [...s]) },
    source: {
      lookup:
        opts.lookup ??
        (async (symbols) => {
          lookups.push([...symbols]);
          return { known: symbols.filter((s) => !s.startsWith('NO')), unknown: symbols.filter((s) => s.startsWith('NO')) };
        }),
    },
    store: { viewedSymbols: viewed },
    followed: () => followed,
    logger: pino({ level: 'silent' }),
    now: () => now,
    config: { symbols: { max: opts.max ?? 500, viewGraceMs: opts.graceMs ?? 300_000 } },
    everyMs: 10_000,
  });
  return { registry, lists, followed, lookups, polled: () => polled, advance: (ms: number) => (now += ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('symbol registry', () => {
  it('hands the poller the union of every provider, each symbol once, the first provider first', async () => {
    const t = setup();
    t.lists.lists = ['TSLA', 'AAPL'];
    t.lists.alerts = ['NVDA', 'TSLA'];
    await t.registry.refresh();
    expect(t.polled()).toEqual(['AAPL', 'MSFT', 'TSLA', 'NVDA']);
    expect(t.registry.tracked().size).toBe(4);
  });

  it('admits symbols already followed without asking the source, and asks once for new ones', async () => {
    const t = setup();
    await t.registry.refresh();
    await t.registry.admit(['AAPL']);
    expect(t.lookups).toEqual([]);
    await t.registry.admit(['XOM']);
    await t.registry.admit(['XOM']);
    expect(t.lookups).toEqual([['XOM']]);
  });

  it('refuses a symbol the source does not know with SYMBOL_NOT_FOUND', async () => {
    const t = setup();
    await t.registry.refresh();
    await expect(t.registry.admit(['NOPE'])).rejects.toMatchObject({ status: 404, code: 'SYMBOL_NOT_FOUND' });
  });

  it('refuses symbols beyond MAX_SYMBOLS with SYMBOL_LIMIT_REACHED, and says which in check()', async () => {
    const t = setup({ max: 3 });
    await t.registry.refresh();
    await t.registry.admit(['XOM']);
    await expect(t.registry.admit(['XOM', 'CVX'])).rejects.toMatchObject({ status: 409, code: 'SYMBOL_LIMIT_REACHED' });
    expect(await t.registry.check(['AAPL', 'XOM', 'CVX', 'NOPE'])).toEqual({ accepted: ['AAPL', 'XOM'], notFound: ['NOPE'], overLimit: ['CVX'] });
  });

  it('turns a source failure into 503 SOURCE_UNAVAILABLE, never into "not found"', async () => {
    const t = setup({ lookup: async () => Promise.reject(new SourceError('RATE_LIMITED', 'Yahoo 429')) });
    await expect(t.registry.admit(['XOM'])).rejects.toMatchObject({ status: 503, code: 'SOURCE_UNAVAILABLE' });
  });

  it('polls a viewed symbol while a client follows it, then for the grace period, then drops it', async () => {
    const t = setup({ graceMs: 60_000 });
    await t.registry.refresh();
    expect(await t.registry.view(['XOM'])).toEqual(['XOM']);
    expect(t.polled()).toContain('XOM');
    t.followed.add('XOM');
    // Renewed on each refresh while followed, however long that is.
    for (let i = 0; i < 10; i++) {
      t.advance(30_000);
      await t.registry.refresh();
      expect(t.polled()).toContain('XOM');
    }
    t.followed.delete('XOM');
    t.advance(60_000);
    await t.registry.refresh();
    expect(t.polled()).toContain('XOM'); // within grace (+ one refresh period)
    t.advance(10_001);
    await t.registry.refresh();
    expect(t.polled()).not.toContain('XOM');
  });

  it('re-reads its providers periodically once started, and stops when stopped', async () => {
    vi.useFakeTimers();
    const t = setup();
    await t.registry.start();
    t.lists.lists = ['AMD'];
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.polled()).toContain('AMD');
    t.registry.stop();
    t.lists.lists = ['INTC'];
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.polled()).not.toContain('INTC');
  });

  it('keeps the last set when a provider cannot be read, and catches up on the next read', async () => {
    vi.useFakeTimers();
    let failing = true;
    const t = setup({
      providers: [
        { name: 'env', symbols: async () => ['AAPL'] },
        { name: 'holdings', symbols: async () => (failing ? Promise.reject(new Error('database down')) : ['AMD']) },
      ],
    });
    await t.registry.start();
    expect(t.polled()).toEqual([]);
    failing = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.polled()).toEqual(['AAPL', 'AMD']);
    t.registry.stop();
  });
});
