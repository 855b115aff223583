import { describe, expect, it } from 'vitest';
import { CHUNK_SECONDS, MAX_AGE_SECONDS, planBackfill } from './backfill.ts';

const NOW = 1_741_100_430;
const DAY = 86_400;

describe('planBackfill', () => {
  it('gives a symbol without candles BACKFILL_DAYS of bars in chunks of at most 7 days, newest first', () => {
    const [item] = planBackfill(['AAPL'], new Map(), NOW, 20);
    expect(item?.kind).toBe('initial');
    expect(item?.chunks).toHaveLength(3);
    expect(item?.chunks[0]).toEqual({ from: NOW - CHUNK_SECONDS, to: NOW });
    expect(item?.chunks.at(-1)?.from).toBe(NOW - 20 * DAY);
    for (const c of item?.chunks ?? []) expect(c.to - c.from).toBeLessThanOrEqual(7 * DAY);
    // contiguous, no gaps or overlaps
    for (let i = 1; i < (item?.chunks.length ?? 0); i++) expect(item?.chunks[i]?.to).toBe(item?.chunks[i - 1]?.from);
  });

  it('fills only the gap since the last stored bar after downtime', () => {
    const last = NOW - 3 * 3600;
    const [item] = planBackfill(['AAPL'], new Map([['AAPL', last]]), NOW, 5);
    expect(item).toEqual({ symbol: 'AAPL', kind: 'gap', chunks: [{ from: last, to: NOW }] });
  });

  it('never asks for bars older than Yahoo keeps (30 days)', () => {
    const [fresh] = planBackfill(['AAPL'], new Map(), NOW, 30);
    const [gap] = planBackfill(['MSFT'], new Map([['MSFT', NOW - 90 * DAY]]), NOW, 5);
    expect(fresh?.chunks.at(-1)?.from).toBe(NOW - MAX_AGE_SECONDS);
    expect(gap?.chunks.at(-1)?.from).toBe(NOW - MAX_AGE_SECONDS);
  });

  it('skips symbols whose last bar is recent, and everything when BACKFILL_DAYS is 0', () => {
    expect(planBackfill(['AAPL'], new Map([['AAPL', NOW - 60]]), NOW, 5)).toEqual([]);
    expect(planBackfill(['AAPL'], new Map(), NOW, 0)).toEqual([]);
  });
});
