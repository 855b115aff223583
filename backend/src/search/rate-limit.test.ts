import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('per-client rate limiter', () => {
  it('allows perMinute requests at once, then refuses with the seconds until the next one', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 3, now: () => now });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].every((v) => v.ok)).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    now += 19_000;
    expect(limiter.take('a').ok).toBe(false);
    now += 1_000;
    expect(limiter.take('a').ok).toBe(true);
  });

  it('counts each client apart', () => {
    const limiter = createRateLimiter({ perMinute: 1, now: () => 0 });
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('b').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });

  it('keeps at most maxClients buckets', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 10, now: () => now, maxClients: 100 });
    for (let i = 0; i < 1000; i++) {
      now += 1;
      limiter.take(`client-${i}`);
    }
    expect(limiter.clients()).toBeLessThanOrEqual(100);
  });
});
