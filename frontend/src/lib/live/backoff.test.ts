import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles per attempt and stays within half to all of the step', () => {
    const opts = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 0, opts))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, () => 0.999999, opts))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap however many attempts failed', () => {
    const opts = { baseMs: 500, maxMs: 30_000 };
    for (const attempt of [10, 50, 1000]) {
      expect(backoffDelay(attempt, () => 0.999999, opts)).toBeLessThanOrEqual(30_000);
      expect(backoffDelay(attempt, () => 0, opts)).toBe(15_000);
    }
  });
});
