import { describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '@tickstream/shared';
import { SymbolSearch } from './search.svelte.ts';

const result = (symbol: string): SearchResult => ({ symbol, name: `${symbol} Inc.`, exchange: 'NASDAQ', type: 'EQUITY' });

/** A search whose answers the test releases by hand, and a clock for the debounce. */
function setup() {
  const calls: Array<{ q: string; signal: AbortSignal; resolve: (r: SearchResult[]) => void; reject: (e: Error) => void }> = [];
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const search = new SymbolSearch(
    (q, signal) => new Promise((resolve, reject) => calls.push({ q, signal, resolve, reject })),
    {
      debounceMs: 200,
      setTimer: (fn, ms) => {
        const t = { fn, ms, cleared: false };
        timers.push(t);
        return t;
      },
      clearTimer: (t) => ((t as { cleared: boolean }).cleared = true),
    },
  );
  const fire = () => timers.filter((t) => !t.cleared).forEach((t) => ((t.cleared = true), t.fn()));
  return { search, calls, timers, fire };
}

describe('SymbolSearch', () => {
  it('waits for a pause in typing and sends only the last query', () => {
    const { search, calls, fire } = setup();
    search.input('a');
    search.input('ap');
    search.input('app');
    expect(calls).toHaveLength(0);
    expect(search.open).toBe(true);
    expect(search.loading).toBe(true);
    fire();
    expect(calls.map((c) => c.q)).toEqual(['app']);
  });

  it('shows the answer with the first result highlighted', async () => {
    const { search, calls, fire } = setup();
    search.input('apple');
    fire();
    calls[0]!.resolve([result('AAPL'), result('APLE')]);
    await vi.waitFor(() => expect(search.results).toHaveLength(2));
    expect(search.active).toBe(0);
    expect(search.loading).toBe(false);
  });

  it('cancels a query still on its way when the text changes, so an old answer never lands', async () => {
    const { search, calls, fire } = setup();
    search.input('ap');
    fire();
    search.input('btc');
    expect(calls[0]!.signal.aborted).toBe(true);
    fire();
    calls[1]!.resolve([result('BTC-USD')]);
    calls[0]!.resolve([result('AAPL')]);
    await vi.waitFor(() => expect(search.results.map((r) => r.symbol)).toEqual(['BTC-USD']));
  });

  it('moves the highlight with wrap-around and chooses it, clearing the box', async () => {
    const { search, calls, fire } = setup();
    search.input('a');
    fire();
    calls[0]!.resolve([result('A1'), result('A2'), result('A3')]);
    await vi.waitFor(() => expect(search.results).toHaveLength(3));
    search.move(-1);
    expect(search.current?.symbol).toBe('A3');
    search.move(1);
    expect(search.current?.symbol).toBe('A1');
    search.move(1);
    expect(search.enter()).toBe('A2');
    expect(search.query).toBe('');
    expect(search.open).toBe(false);
  });

  it('opens the typed text as a symbol when nothing matches, but not while results are loading', async () => {
    const { search, calls, fire } = setup();
    search.input('brk-b');
    expect(search.enter()).toBeNull();
    fire();
    calls[0]!.resolve([]);
    await vi.waitFor(() => expect(search.loading).toBe(false));
    expect(search.enter()).toBe('BRK-B');
    search.input('not a symbol!');
    fire();
    calls[1]!.resolve([]);
    await vi.waitFor(() => expect(search.loading).toBe(false));
    expect(search.enter()).toBeNull();
  });

  it('says why a search failed and closes on Escape or when emptied', async () => {
    const { search, calls, fire } = setup();
    search.input('x');
    fire();
    calls[0]!.reject(new Error('Too many searches'));
    await vi.waitFor(() => expect(search.error).toBe('Too many searches'));
    search.close();
    expect(search.open).toBe(false);
    search.input('');
    expect(search.error).toBeNull();
    expect(search.results).toEqual([]);
  });
});
