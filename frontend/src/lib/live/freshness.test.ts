import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import { DEFAULT_POLL_MS, disconnectedTooLong, pollIntervalMs, staleBySource } from './freshness.ts';

const status = (lastSuccessAtMs: number | null, nextAttemptAtMs: number | null) =>
  ({ state: 'ok', source: 'simulated', lastSuccessAtMs, nextAttemptAtMs, lastError: null, stale: false, symbolErrors: {}, backfill: { done: 0, total: 0, running: false } }) as SourceStatus;

describe('freshness', () => {
  it('reads the poll interval from the last success and the next attempt', () => {
    expect(pollIntervalMs(status(100_000, 105_000))).toBe(5_000);
    expect(pollIntervalMs(status(null, 105_000))).toBe(DEFAULT_POLL_MS);
    expect(pollIntervalMs(null)).toBe(DEFAULT_POLL_MS);
  });

  it('keeps the interval it knew for a status sent while a poll runs (its next attempt is the slot being polled)', () => {
    expect(pollIntervalMs(status(102_300, 102_000), 2_000)).toBe(2_000);
    expect(pollIntervalMs(status(102_300, 102_300), 2_000)).toBe(2_000);
    expect(pollIntervalMs(status(102_300, 102_000))).toBe(DEFAULT_POLL_MS);
    expect(pollIntervalMs(status(102_300, 104_000), 2_000)).toBe(1_700);
  });

  it('calls prices stale once the connection has been down for more than two poll intervals', () => {
    const pollMs = pollIntervalMs(status(100_000, 115_000));
    expect(disconnectedTooLong(null, 1_000_000, pollMs)).toBe(false);
    expect(disconnectedTooLong(0, 30_000, pollMs)).toBe(false);
    expect(disconnectedTooLong(0, 30_001, pollMs)).toBe(true);
  });

  it('never greys prices out for a hiccup under 10 s, however fast the poll', () => {
    const fast = pollIntervalMs(status(100_000, 101_000));
    expect(disconnectedTooLong(0, 9_000, fast)).toBe(false);
    expect(disconnectedTooLong(0, 10_001, fast)).toBe(true);
  });

  it('counts a price as old while the source is failing or stale, or that symbol failed, and never without a status', () => {
    const ok = status(100_000, 105_000);
    expect(staleBySource(ok, 'AAPL')).toBe(false);
    expect(staleBySource(null, 'AAPL')).toBe(false);
    expect(staleBySource({ ...ok, stale: true }, 'AAPL')).toBe(true);
    expect(staleBySource({ ...ok, state: 'degraded' }, 'AAPL')).toBe(true);
    const oneFailed: SourceStatus = { ...ok, symbolErrors: { MSFT: 'TIMEOUT: no answer' } };
    expect(staleBySource(oneFailed, 'MSFT')).toBe(true);
    expect(staleBySource(oneFailed, 'AAPL')).toBe(false);
  });
});
