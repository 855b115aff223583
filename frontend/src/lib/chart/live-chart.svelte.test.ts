import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import type { LiveConnection, LiveListener } from '../live/connection.svelte.ts';
import type { ChartHistory } from './feed.ts';
import { LiveChart } from './live-chart.svelte.ts';

const status = (symbols: string[] | undefined, running = true): SourceStatus => ({
  state: 'ok',
  source: 'simulated',
  lastSuccessAtMs: null,
  lastError: null,
  nextAttemptAtMs: null,
  stale: false,
  symbolErrors: {},
  backfill: { done: 1, total: 3, running, ...(symbols ? { symbols } : {}) },
});

function setup(first: ChartHistory, interval: '1m' | '1d' = '1m') {
  let listener: LiveListener = {};
  const connection = {
    listen: (l: LiveListener) => ((listener = l), () => {}),
    follow: () => () => {},
  } as unknown as LiveConnection;
  const reload = vi.fn(() => Promise.resolve<ChartHistory>({ candles: [], minuteSeed: null, backfilling: false }));
  const chart = new LiveChart({
    connection,
    symbol: 'NFLX',
    interval,
    initial: Promise.resolve(first),
    reload,
    sink: { reset: () => {}, update: () => {} },
  });
  return { chart, reload, live: () => listener };
}

describe('LiveChart while the server backfills a symbol', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says so while the history answer and the status list the symbol, then reloads once it is done', async () => {
    const { chart, reload, live } = setup({ candles: [], minuteSeed: null, backfilling: true });
    await vi.waitFor(() => expect(chart.phase).toBe('ready'));
    expect(chart.backfilling).toBe(true);
    live().sourceStatus?.(status(['NFLX', 'ROKU']));
    expect(chart.backfilling).toBe(true);
    expect(chart.backfillProgress).toEqual({ done: 1, total: 3 });
    expect(reload).not.toHaveBeenCalled();
    live().sourceStatus?.(status(['ROKU']));
    expect(reload).toHaveBeenCalledTimes(1);
    expect(chart.backfilling).toBe(false);
  });

  it('asks again after a while if no status says the backfill ended', async () => {
    const { chart, reload } = setup({ candles: [], minuteSeed: null, backfilling: true });
    await vi.waitFor(() => expect(chart.backfilling).toBe(true));
    vi.advanceTimersByTime(3000);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not reload for other symbols’ backfills', async () => {
    const { chart, reload, live } = setup({ candles: [], minuteSeed: null, backfilling: false });
    await vi.waitFor(() => expect(chart.phase).toBe('ready'));
    live().sourceStatus?.(status(['ROKU']));
    live().sourceStatus?.(status([], false));
    expect(reload).not.toHaveBeenCalled();
    expect(chart.backfilling).toBe(false);
  });

  it("reloads a daily chart once the symbol's daily history is in, not on the 1m backfill", async () => {
    const { chart, reload, live } = setup({ candles: [], minuteSeed: null }, '1d');
    await vi.waitFor(() => expect(chart.phase).toBe('ready'));
    const daily = (symbols: string[]) => ({ ...status([]), dailyHistory: { done: 0, total: 1, running: symbols.length > 0, symbols } });
    live().sourceStatus?.({ ...daily(['NFLX']), backfill: { done: 0, total: 1, running: false, symbols: [] } });
    expect(chart.backfilling).toBe(true);
    live().sourceStatus?.({ ...daily(['NFLX']), backfill: { done: 1, total: 1, running: false, symbols: [] } });
    expect(reload).not.toHaveBeenCalled();
    live().sourceStatus?.(daily([]));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('says why when the server refuses to follow the symbol', async () => {
    const { chart, live } = setup({ candles: [], minuteSeed: null });
    live().error?.('SYMBOL_LIMIT_REACHED', 'MAX_SYMBOLS (500) reached', ['OTHER']);
    expect(chart.refused).toBeNull();
    live().error?.('SYMBOL_LIMIT_REACHED', 'MAX_SYMBOLS (500) reached', ['NFLX']);
    expect(chart.refused).toBe('MAX_SYMBOLS (500) reached');
  });
});
