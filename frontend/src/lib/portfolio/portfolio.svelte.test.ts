import { describe, expect, it, vi } from 'vitest';
import type { Candle, PortfolioResponse } from '@tickstream/shared';
import type { LiveContext } from '../live/context.ts';
import type { PortfolioApi } from './api.ts';
import { PortfolioState } from './portfolio.svelte.ts';

const live = {
  connection: { listen: () => () => undefined, follow: () => () => undefined },
  quotes: { seed: () => undefined, get: () => undefined, effectiveStatus: null },
  clock: { now: 0 },
} as unknown as LiveContext;

/** An API whose history answers wait until the test settles them. */
function slowApi() {
  const pending = new Map<string, { resolve: (c: Candle[]) => void; reject: (e: Error) => void }>();
  const api = {
    history: (symbol: string) => new Promise<Candle[]>((resolve, reject) => pending.set(symbol, { resolve, reject })),
  } as unknown as PortfolioApi;
  return { api, pending };
}

const response = (symbols: string[]): PortfolioResponse =>
  ({
    holdings: symbols.map((symbol, i) => ({ id: i + 1, symbol, quantity: '1', costPerShare: '1', note: null, acquiredOn: null })),
    totals: {}, otherCurrencies: [], ticks: [], status: null, asOf: 0, staleAfterSeconds: 300,
  }) as unknown as PortfolioResponse;

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the value chart loading state', () => {
  it('is loading until the holdings and every held symbol\'s history have answered, failed or not', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { api, pending } = slowApi();
    const state = new PortfolioState(live, api);
    expect(state.valueLoading).toBe(true); // no holdings yet
    const stop = state.start(response(['AAPL', 'MSFT']), null);
    expect(state.valueLoading).toBe(true);
    pending.get('AAPL')?.resolve([]);
    await settle();
    expect(state.valueLoading).toBe(true);
    pending.get('MSFT')?.reject(new Error('offline'));
    await settle();
    expect(state.valueLoading).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    stop();
    warn.mockRestore();
  });

  it('is not loading when the portfolio itself could not be loaded', () => {
    const state = new PortfolioState(live, slowApi().api);
    state.start(null, 'network down');
    expect(state.valueLoading).toBe(false);
  });
});
