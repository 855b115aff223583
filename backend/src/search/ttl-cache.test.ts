import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.ts';

function setup(maxEntries = 3, ttlMs = 60_000) {
  let now = 1_000_000;
  const cache = createTtlCache<string>({ maxEntries, ttlMs, now: () => now });
  let loads = 0;
  const load = (v: string) => async () => {
    loads++;
    return v;
  };
  return { cache, load, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe('TTL cache', () => {
  it('answers an identical key within the TTL from memory: one load', async () => {
    const t = setup();
    expect(await t.cache.get('apple', t.load('A'))).toBe('A');
    t.advance(59_999);
    expect(await t.cache.get('apple', t.load('B'))).toBe('A');
    expect(t.loads()).toBe(1);
  });

  it('loads again once the TTL has passed', async () => {
    const t = setup();
    await t.cache.get('apple', t.load('A'));
    t.advance(60_000);
    expect(await t.cache.get('apple', t.load('B'))).toBe('B');
    expect(t.loads()).toBe(2);
  });

  it('shares one load between concurrent misses of the same key', async () => {
    const t = setup();
    const [a, b] = await Promise.all([t.cache.get('btc', t.load('X')), t.cache.get('btc', t.load('Y'))]);
    expect([a, b]).toEqual(['X', 'X']);
    expect(t.loads()).toBe(1);
  });

  it('holds at most maxEntries, evicting the least recently used', async () => {
    const t = setup(2);
    await t.cache.get('a', t.load('a'));
    await t.cache.get('b', t.load('b'));
    await t.cache.get('a', t.load('a2')); // a is now the most recent
    await t.cache.get('c', t.load('c'));
    expect(t.cache.size()).toBe(2);
    expect(await t.cache.get('a', t.load('a3'))).toBe('a');
    expect(await t.cache.get('b', t.load('b2'))).toBe('b2');
  });

  it('does not cache a failed load', async () => {
    const t = setup();
    await expect(t.cache.get('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await t.cache.get('x', t.load('ok'))).toBe('ok');
  });
});
