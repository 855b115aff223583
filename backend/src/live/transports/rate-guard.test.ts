import { describe, expect, it } from 'vitest';
import { createRateGuard, type RateVerdict } from './rate-guard.ts';

function run(guard: () => RateVerdict, n: number): RateVerdict[] {
  return Array.from({ length: n }, () => guard());
}

describe('rate guard', () => {
  it('handles frames up to the limit, answers the first one over it and ignores the rest of that second', () => {
    const guard = createRateGuard(3, { now: () => 0 });
    expect(run(guard, 6)).toEqual(['ok', 'ok', 'ok', 'limited', 'ignored', 'ignored']);
  });

  it('closes a client that sends twice the limit within one second', () => {
    const guard = createRateGuard(3, { now: () => 0 });
    expect(run(guard, 7).at(-1)).toBe('close');
  });

  it('closes a client over the limit in three seconds in a row', () => {
    let now = 0;
    const guard = createRateGuard(2, { now: () => now });
    const verdicts: RateVerdict[] = [];
    for (const t of [0, 1000, 2000]) {
      now = t;
      verdicts.push(...run(guard, 3));
    }
    expect(verdicts).toEqual(['ok', 'ok', 'limited', 'ok', 'ok', 'limited', 'ok', 'ok', 'close']);
  });

  it('forgives a client that stays under the limit for a second between bursts', () => {
    let now = 0;
    const guard = createRateGuard(2, { now: () => now });
    const overs: RateVerdict[] = [];
    for (const t of [0, 1000, 3000, 4000, 6000]) {
      now = t;
      overs.push(run(guard, 3)[2]!);
    }
    expect(overs).toEqual(['limited', 'limited', 'limited', 'limited', 'limited']);
  });
});
