import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { fakeConnection } from '../alerts/fakes.ts';
import { Sparklines } from './sparklines.svelte.ts';

const NOW = 1_700_000_000;
const candle = (time: number, close: number) => ({ time, open: close, high: close, low: close, close, volume: 0 });

function historyFetch() {
  const asked: string[] = [];
  const fetchFn = vi.fn(async (path: string) => {
    const symbol = new URL(path, 'http://x').searchParams.get('symbol') ?? '';
    asked.push(symbol);
    return Response.json({ symbol, interval: '5m', candles: [candle(NOW - 600, 10), candle(NOW - 300, 11)] });
  });
  return { fetchFn, asked };
}

describe('Sparklines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(NOW * 1000);
  });
  afterEach(() => vi.useRealTimers());

  it("asks for every card's session in one task after the render that wanted them, each symbol once", async () => {
    const { fetchFn, asked } = historyFetch();
    const sparklines = new Sparklines(fakeConnection() as unknown as LiveConnection, fetchFn);
    sparklines.ensure('AAPL');
    sparklines.ensure('MSFT');
    sparklines.ensure('AAPL');
    expect(fetchFn).not.toHaveBeenCalled();

    await vi.runAllTimersAsync();
    expect(asked).toEqual(['AAPL', 'MSFT']);
    expect(sparklines.get('AAPL').map((p) => p.value)).toEqual([10, 11]);

    sparklines.ensure('MSFT');
    await vi.runAllTimersAsync();
    expect(asked).toEqual(['AAPL', 'MSFT']);
  });

  it('asks for nothing once destroyed before that task runs', async () => {
    const { fetchFn } = historyFetch();
    const sparklines = new Sparklines(fakeConnection() as unknown as LiveConnection, fetchFn);
    sparklines.ensure('AAPL');
    sparklines.destroy();
    await vi.runAllTimersAsync();
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it("asks again for a card's session once its symbol's backfill is done (it was empty while the history was being fetched)", async () => {
    let stored = false;
    const asked: string[] = [];
    const fetchFn = vi.fn(async (path: string) => {
      asked.push(new URL(path, 'http://x').searchParams.get('symbol') ?? '');
      return Response.json({ symbol: 'NFLX', interval: '5m', candles: stored ? [candle(NOW - 600, 10), candle(NOW - 300, 11)] : [] });
    });
    const connection = fakeConnection();
    const sparklines = new Sparklines(connection as unknown as LiveConnection, fetchFn);
    connection.emitSourceStatus(status(['NFLX']));
    sparklines.ensure('NFLX');
    await vi.runAllTimersAsync();
    expect(sparklines.get('NFLX')).toEqual([]);

    stored = true;
    connection.emitSourceStatus(status(['NFLX']));
    await vi.runAllTimersAsync();
    expect(sparklines.get('NFLX')).toEqual([]);
    connection.emitSourceStatus(status([]));
    await vi.runAllTimersAsync();
    expect(sparklines.get('NFLX').map((p) => p.value)).toEqual([10, 11]);
    // a symbol no card asked for is not fetched when its backfill ends
    connection.emitSourceStatus(status(['ROKU']));
    connection.emitSourceStatus(status([]));
    await vi.runAllTimersAsync();
    expect(asked).not.toContain('ROKU');
  });
});

function status(backfilling: string[]): SourceStatus {
  return {
    state: 'ok',
    source: 'simulated',
    lastSuccessAtMs: NOW * 1000,
    lastError: null,
    nextAttemptAtMs: null,
    stale: false,
    symbolErrors: {},
    backfill: { done: 0, total: backfilling.length, running: backfilling.length > 0, symbols: backfilling },
  };
}
