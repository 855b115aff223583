import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay, createScheduler, nextSlot } from './scheduler.ts';

const INTERVAL = 1000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_700_000_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

function harness(durations: number[], outcomes: boolean[] = [], retryAfterMs?: () => number | undefined) {
  const starts: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const t0 = Date.now();
  const scheduler = createScheduler({
    intervalMs: INTERVAL,
    backoffMaxMs: 8000,
    now: Date.now,
    random: () => 1,
    ...(retryAfterMs ? { retryAfterMs } : {}),
    run: async () => {
      const k = starts.length;
      starts.push(Date.now() - t0);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, durations[Math.min(k, durations.length - 1)] ?? 0));
      running--;
      return outcomes[k] ?? true;
    },
  });
  /** stop() waits for the poll in flight, whose fake timer must still run */
  const stop = async () => {
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
  };
  return { scheduler, starts, stop, maxRunning: () => maxRunning };
}

describe('backoffDelay', () => {
  it('doubles per consecutive failure, with jitter in [d/2, d], up to the cap', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(1000);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(2000);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(20, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe('nextSlot', () => {
  it('returns the first grid slot after now and how many were missed', () => {
    expect(nextSlot(0, 1000, 300, 0)).toEqual({ at: 1000, skipped: 0 });
    expect(nextSlot(0, 1000, 2500, 0)).toEqual({ at: 3000, skipped: 2 });
    expect(nextSlot(0, 1000, 1000, 0)).toEqual({ at: 2000, skipped: 1 });
  });
});

describe('scheduler', () => {
  it('starts poll k at start + k x interval regardless of how long polls take', async () => {
    const h = harness([300, 700, 100, 950]);
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(4500);
    await h.stop();
    expect(h.starts).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('skips the slots an overrunning poll missed and never runs two polls at once', async () => {
    const h = harness([2500, 200]);
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(5500);
    await h.stop();
    expect(h.starts).toEqual([0, 3000, 4000, 5000]);
    expect(h.maxRunning()).toBe(1);
  });

  it('backs off after failures and returns to the original grid on success', async () => {
    // fail, fail, succeed: retries after 2 s then 4 s (random = 1), then the next grid slot
    const h = harness([100], [false, false, true]);
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(9000);
    await h.stop();
    expect(h.starts.slice(0, 4)).toEqual([0, 2100, 6200, 7000]);
  });

  it('waits at least what the source asked for after a failure, but never past the backoff cap', async () => {
    // fail (asks 5 s), fail (asks 60 s: capped at 8 s), succeed
    const asked = [5000, 60_000];
    let failed = 0;
    const h = harness([100], [false, false, true], () => asked[failed++]);
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(20_000);
    await h.stop();
    expect(h.starts.slice(0, 3)).toEqual([0, 5100, 13_200]);
  });

  it('stop() cancels the next poll', async () => {
    const h = harness([10]);
    h.scheduler.start();
    await vi.advanceTimersByTimeAsync(50);
    await h.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.starts).toEqual([0]);
  });
});

describe('scheduler reporting', () => {
  it('reports skipped slots only for overruns, not for slots passed while backing off', async () => {
    const skipped: number[] = [];
    let k = 0;
    const scheduler = createScheduler({
      intervalMs: INTERVAL,
      backoffMaxMs: 8000,
      now: Date.now,
      random: () => 1,
      run: async () => {
        k++;
        if (k === 4) await new Promise((r) => setTimeout(r, 2500));
        return k !== 2;
      },
      onSchedule: (info) => skipped.push(info.skippedSlots),
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(12_000);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(5000);
    await stopping;
    // poll 2 fails (its 2 s backoff passes a slot), poll 3 recovers, poll 4 overruns two slots
    expect(skipped.slice(0, 4)).toEqual([0, 0, 0, 2]);
  });
});
