import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '@tickstream/shared';
import { overallState } from './health.ts';
import { mergeLatest } from './quotes.ts';

const source = (state: SourceStatus['state'], lastSuccessAt: number | null): SourceStatus => ({
  state,
  source: 'simulated',
  lastSuccessAt,
  lastError: null,
  nextAttemptAt: null,
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

describe('quote merging', () => {
  const t = (symbol: string, time: number) => ({
    symbol, time, price: 1, change: null, changePercent: null, previousClose: null, dayHigh: null, dayLow: null,
    dayVolume: null, marketState: 'REGULAR' as const, currency: null, source: 'simulated',
  });

  it('keeps symbol order and picks the newer of stored and live per symbol', () => {
    const merged = mergeLatest(['B', 'A', 'C'], [t('A', 10), t('B', 20)], new Map([['A', t('A', 15)], ['B', t('B', 5)], ['X', t('X', 1)]]));
    expect(merged.map((q) => [q.symbol, q.time])).toEqual([
      ['B', 20],
      ['A', 15],
    ]);
  });
});
