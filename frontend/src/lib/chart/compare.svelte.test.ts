import { describe, expect, it } from 'vitest';
import { CompareSymbols } from './compare.svelte.ts';
import { TimeZoneSetting, TIME_ZONE_KEY } from './time-zone-setting.svelte.ts';

describe('the compared symbols', () => {
  it('adds each symbol once, never the main one, at most four, and persists every change', () => {
    const saved: string[][] = [];
    const compare = new CompareSymbols('AAPL', ['MSFT'], (s) => saved.push([...s]));
    expect(compare.add('spy')).toBe(true);
    expect(compare.add('SPY')).toBe(false);
    expect(compare.add('AAPL')).toBe(false);
    compare.add('QQQ');
    compare.add('NVDA');
    expect(compare.full).toBe(true);
    expect(compare.add('TSLA')).toBe(false);
    compare.remove('SPY');
    expect(compare.symbols).toEqual(['MSFT', 'QQQ', 'NVDA']);
    expect(saved.at(-1)).toEqual(['MSFT', 'QQQ', 'NVDA']);
    expect(saved).toHaveLength(4);
  });
});

describe('the chart clock setting', () => {
  const storage = (initial: Record<string, string> = {}) => {
    const data = new Map(Object.entries(initial));
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
  };

  it('starts on the exchange clock, remembers a choice per browser and ignores a stored value it does not know', () => {
    const s = storage();
    const setting = new TimeZoneSetting(s);
    expect(setting.mode).toBe('exchange');
    setting.set('utc');
    expect(new TimeZoneSetting(s).mode).toBe('utc');
    expect(new TimeZoneSetting(storage({ [TIME_ZONE_KEY]: 'mars' })).mode).toBe('exchange');
    expect(new TimeZoneSetting(undefined).mode).toBe('exchange');
  });
});
