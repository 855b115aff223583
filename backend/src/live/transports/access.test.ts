import { describe, expect, it } from 'vitest';
import { createConnectionLimiter, createMessageRate } from './access.ts';

describe('connection limiter', () => {
  it('counts connections per address and frees a slot on release', () => {
    const limiter = createConnectionLimiter(2);
    expect([limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('b')]).toEqual([true, true, false, true]);
    limiter.release('a');
    expect(limiter.acquire('a')).toBe(true);
  });
});

describe('message rate', () => {
  it('allows a number of messages per second window', () => {
    let now = 0;
    const allow = createMessageRate(2, () => now);
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
    now = 1000;
    expect(allow()).toBe(true);
  });
});
