import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
});
