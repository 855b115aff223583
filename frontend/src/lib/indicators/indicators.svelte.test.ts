import { describe, expect, it } from 'vitest';
import { ChartIndicators, INDICATORS_KEY, MAX_INDICATORS } from './indicators.svelte.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('ChartIndicators', () => {
  it('adds an indicator with its default period and keeps it for the next page load', () => {
    const storage = memoryStorage();
    const state = new ChartIndicators(storage);
    state.add('sma');
    state.add('rsi');
    expect(state.list).toEqual([
      { id: 'sma-1', kind: 'sma', period: 50 },
      { id: 'rsi-1', kind: 'rsi', period: 14 },
    ]);
    expect(new ChartIndicators(storage).list).toEqual(state.list);
  });

  it('allows the same kind twice with different periods (SMA 50 and SMA 200)', () => {
    const state = new ChartIndicators(memoryStorage());
    state.add('sma');
    const second = state.add('sma', { period: 200 });
    expect(second).toEqual({ id: 'sma-2', kind: 'sma', period: 200 });
  });

  it('changes a period, and refuses a value the indicator cannot take', () => {
    const state = new ChartIndicators(memoryStorage());
    const macd = state.add('macd')!;
    expect(state.configure(macd.id, 'fast', 5)).toBe(true);
    expect(state.configure(macd.id, 'fast', 40)).toBe(false); // not below slow (26)
    expect(state.configure(macd.id, 'slow', 0)).toBe(false);
    expect(state.configure(macd.id, 'signal', Number.NaN)).toBe(false);
    expect(state.configure(macd.id, 'colour', 3)).toBe(false);
    expect(state.list[0]).toEqual({ id: macd.id, kind: 'macd', fast: 5, slow: 26, signal: 9 });
  });

  it('removes one and forgets it', () => {
    const storage = memoryStorage();
    const state = new ChartIndicators(storage);
    const sma = state.add('sma')!;
    state.add('ema');
    state.remove(sma.id);
    expect(new ChartIndicators(storage).list.map((c) => c.kind)).toEqual(['ema']);
  });

  it('drops stored entries that fail validation and keeps the valid ones', () => {
    const stored = [
      { id: 'a', kind: 'sma', period: 20 },
      { id: 'b', kind: 'sma', period: -3 },
      { id: 'c', kind: 'teleport' },
      'junk',
      { id: 'a', kind: 'ema', period: 9 },
      { id: 'd', kind: 'vwap' },
    ];
    const state = new ChartIndicators(memoryStorage({ [INDICATORS_KEY]: JSON.stringify(stored) }));
    expect(state.list).toEqual([
      { id: 'a', kind: 'sma', period: 20 },
      { id: 'd', kind: 'vwap' },
    ]);
  });

  it('starts empty when the store is not JSON or storage throws', () => {
    expect(new ChartIndicators(memoryStorage({ [INDICATORS_KEY]: '{nope' })).list).toEqual([]);
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const state = new ChartIndicators(throwing);
    expect(state.add('ema')).not.toBeNull();
    expect(state.list).toHaveLength(1);
  });

  it(`stops at ${MAX_INDICATORS} indicators`, () => {
    const state = new ChartIndicators(memoryStorage());
    for (let i = 0; i < MAX_INDICATORS; i++) state.add('ema', { period: i + 2 });
    expect(state.full).toBe(true);
    expect(state.add('sma')).toBeNull();
    expect(state.list).toHaveLength(MAX_INDICATORS);
  });
});
