import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { SourceStatus } from '@tickstream/shared';
import { SourceError } from '../sources/errors.ts';
import type { QuoteSource } from '../sources/types.ts';
import { createFakeStore } from '../../test/fixtures/fake-store.ts';
import { makeCandle } from '../../test/fixtures/factories.ts';
import { BACKFILL_RETRY_MS, createBackfillCoordinator } from './backfill-coordinator.ts';

const NOW = Date.UTC(2025, 2, 4, 15, 0, 0);

function setup(failing: Set<string> = new Set()) {
  const fetched: string[] = [];
  const source: QuoteSource = {
    name: 'simulated',
    search: async () => [],
    lookup: async (symbols) => ({ known: [...symbols], unknown: [] }),
    fetchQuotes: async () => ({ ticks: [], problems: [] }),
    fetchBars: async (symbol, range) => {
      fetched.push(symbol);
      if (failing.has(symbol)) throw new SourceError('UNKNOWN_SYMBOL', `${symbol} is unknown`);
      return [makeCandle({ symbol, time: range.to - 60 })];
    },
  };
  const progress: SourceStatus['backfill'][] = [];
  const coordinator = createBackfillCoordinator({
    source,
    store: createFakeStore(),
    logger: pino({ level: 'silent' }),
    now: () => Date.now(),
    random: () => 0,
    concurrency: 2,
    backoffMaxMs: 1_000,
    days: 1,
    onProgress: (p) => progress.push({ ...p }),
  });
  return { coordinator, fetched, progress };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backfill coordinator', () => {
  it('runs queued backfills one after another and reports progress until none is running', async () => {
    const { coordinator, fetched, progress } = setup();
    coordinator.enqueue(['AAPL', 'MSFT'], Promise.resolve(new Map()));
    coordinator.enqueue(['NVDA'], Promise.resolve(new Map()));
    await coordinator.settled();
    expect(new Set(fetched)).toEqual(new Set(['AAPL', 'MSFT', 'NVDA']));
    expect(progress.at(-1)).toEqual({ done: 3, total: 3, running: false });
    expect(progress.some((p) => p.running)).toBe(true);
  });

  it('lists announced symbols (added at run time) in the progress until their history is in', async () => {
    const { coordinator, progress } = setup();
    coordinator.enqueue(['AAPL'], Promise.resolve(new Map()));
    coordinator.enqueue(['XYZ'], Promise.resolve(new Map()), { announce: true });
    expect(progress.at(-1)?.symbols).toEqual(['XYZ']);
    await coordinator.settled();
    expect(progress.some((p) => p.symbols?.includes('AAPL'))).toBe(false);
    expect(progress.at(-1)).toEqual({ done: 2, total: 2, running: false });
  });

  it('retries symbols that failed once the source answers, at most every BACKFILL_RETRY_MS, and only those still polled', async () => {
    const failing = new Set(['BAD', 'GONE']);
    const { coordinator, fetched } = setup(failing);
    coordinator.enqueue(['AAPL', 'BAD', 'GONE'], Promise.resolve(new Map()));
    await coordinator.settled();
    fetched.length = 0;

    coordinator.retryFailed(['AAPL', 'BAD', 'GONE'], true); // source still failing: wait
    await coordinator.settled();
    expect(fetched).toEqual([]);

    coordinator.retryFailed(['AAPL', 'BAD'], false); // GONE left the watchlist
    await coordinator.settled();
    expect(fetched).toEqual(['BAD']);

    fetched.length = 0;
    coordinator.retryFailed(['AAPL', 'BAD'], false); // failed again, but retried too recently
    await coordinator.settled();
    expect(fetched).toEqual([]);
    vi.setSystemTime(NOW + BACKFILL_RETRY_MS);
    coordinator.retryFailed(['AAPL', 'BAD'], false);
    await coordinator.settled();
    expect(fetched).toEqual(['BAD']);
  });

  it('fetches nothing for backfills queued before abort, and runs those queued after begin', async () => {
    const { coordinator, fetched } = setup();
    let release = (_: Map<string, number>) => {};
    coordinator.enqueue(['AAPL'], new Promise((resolve) => (release = resolve)));
    coordinator.abort();
    release(new Map());
    await coordinator.settled();
    expect(fetched).toEqual([]);

    coordinator.begin();
    coordinator.enqueue(['MSFT'], Promise.resolve(new Map()));
    await coordinator.settled();
    expect(fetched).toEqual(['MSFT']);
  });
});
