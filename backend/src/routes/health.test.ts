import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import { overallState } from './health.ts';

const source = (state: SourceStatus['state'], lastSuccessAtMs: number | null): SourceStatus => ({
  state,
  source: 'simulated',
  lastSuccessAtMs,
  lastError: null,
  nextAttemptAtMs: null,
  stale: false,
  symbolErrors: {},
  backfill: { done: 0, total: 0, running: false },
});

describe('overall health', () => {
  it('is ok only when the database answers and the source is ok', () => {
    expect(overallState(true, source('ok', 1))).toBe('ok');
    expect(overallState(true, source('degraded', 1))).toBe('degraded');
    expect(overallState(true, source('down', 1))).toBe('degraded');
  });

  it('is degraded while live quotes still flow without the database', () => {
    expect(overallState(false, source('ok', 1))).toBe('degraded');
    expect(overallState(false, source('degraded', 1))).toBe('degraded');
  });

  it('is down when the database is unreachable and nothing is live', () => {
    expect(overallState(false, source('down', 1))).toBe('down');
    expect(overallState(false, source('ok', null))).toBe('down');
  });
});
