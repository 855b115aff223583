import { describe, expect, it } from 'vitest';
import type { Entry } from './entry.ts';
import { createRing } from './ring.ts';

const entry = (offset: number): Entry => ({ offset, type: 'tick', symbol: 'AAPL', time: offset, json: `{"o":${offset}}` });

describe('replay ring', () => {
  it('returns every entry after an offset it still holds, oldest first', () => {
    const ring = createRing(5);
    for (let o = 11; o <= 15; o++) ring.push(entry(o));
    expect(ring.after(12)?.map((e) => e.offset)).toEqual([13, 14, 15]);
    expect(ring.after(10)?.map((e) => e.offset)).toEqual([11, 12, 13, 14, 15]);
    expect(ring.after(15)).toEqual([]);
  });

  it('evicts the oldest entry past capacity and then no longer covers positions before it', () => {
    const ring = createRing(3);
    const evicted = [1, 2, 3, 4, 5].map((o) => ring.push(entry(o))?.offset);
    expect(evicted).toEqual([undefined, undefined, undefined, 1, 2]);
    expect(ring.oldest()).toBe(3);
    expect(ring.after(2)?.map((e) => e.offset)).toEqual([3, 4, 5]);
    expect(ring.after(1)).toBeNull();
  });

  it('answers null for positions after the newest entry (not reached yet)', () => {
    const ring = createRing(3);
    ring.push(entry(1));
    expect(ring.after(2)).toBeNull();
  });

  it('stays correct across many evictions and compactions', () => {
    const ring = createRing(100);
    for (let o = 1; o <= 10_000; o++) ring.push(entry(o));
    expect(ring.size).toBe(100);
    expect(ring.after(9_950)?.map((e) => e.offset)).toEqual(Array.from({ length: 50 }, (_, i) => 9_951 + i));
  });

  it('refuses an entry that does not follow the newest one', () => {
    const ring = createRing(3);
    ring.push(entry(1));
    expect(() => ring.push(entry(3))).toThrow(/does not follow/);
  });

  it('holds nothing with capacity 0 and hands every entry back as evicted', () => {
    const ring = createRing(0);
    expect(ring.push(entry(1))?.offset).toBe(1);
    expect(ring.after(0)).toBeNull();
  });
});
