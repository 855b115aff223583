import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { computeAll } from './compute.ts';
import { exchangeSessions } from './sessions.ts';
import { makeIndicator } from './spec.ts';

const at = (iso: string) => Date.parse(iso) / 1000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
/** A bar whose typical price (high + low + close) / 3 is `typical`. */
const bar = (iso: string, typical: number, volume: number): Candle => ({
  time: at(iso),
  open: typical,
  high: typical + 2,
  low: typical - 1,
  close: typical - 1,
  volume,
});
const vwap = (bars: Candle[], zone: string | null) => computeAll(makeIndicator('vwap', 'v')!, bars, exchangeSessions(zone)).map((v) => v[0]);

describe('exchange sessions', () => {
  it('are the New York date on both sides of the March DST change', () => {
    const ny = exchangeSessions('America/New_York');
    // EST (UTC−5): Friday 8 March ends at 05:00 UTC on the 9th
    expect(ny(at('2024-03-09T04:59:59Z'))).toBe(day('2024-03-08'));
    expect(ny(at('2024-03-09T05:00:00Z'))).toBe(day('2024-03-09'));
    // EDT (UTC−4) from Sunday 10 March: Tuesday 12 March starts at 04:00 UTC
    expect(ny(at('2024-03-12T03:59:59Z'))).toBe(day('2024-03-11'));
    expect(ny(at('2024-03-12T04:00:00Z'))).toBe(day('2024-03-12'));
  });

  it('are UTC days for a crypto pair (zone UTC) and until the zone is known', () => {
    for (const zone of ['UTC', null, 'Not/AZone']) {
      const s = exchangeSessions(zone);
      expect(s(at('2024-03-09T23:59:59Z'))).toBe(day('2024-03-09'));
      expect(s(at('2024-03-10T00:00:00Z'))).toBe(day('2024-03-10'));
    }
  });
});

describe('VWAP anchored to the exchange session', () => {
  it('a US equity keeps its evening bars (the next UTC day) in the session, across the DST change', () => {
    const bars = [
      bar('2024-03-08T14:30:00Z', 100, 10), // Fri 09:30 EST
      bar('2024-03-09T00:30:00Z', 110, 30), // Fri 19:30 EST, post-market: still Friday
      bar('2024-03-11T08:00:00Z', 120, 20), // Mon 04:00 EDT, pre-market: a new session
      bar('2024-03-11T13:30:00Z', 126, 40), // Mon 09:30 EDT
      bar('2024-03-11T23:30:00Z', 130, 60), // Mon 19:30 EDT
      bar('2024-03-12T08:00:00Z', 90, 10), // Tue 04:00 EDT
    ];
    // by hand: Σ typical × volume / Σ volume since the session's first bar
    expect(vwap(bars, 'America/New_York')).toEqual([
      100,
      (100 * 10 + 110 * 30) / 40, // 107.5
      120,
      (120 * 20 + 126 * 40) / 60, // 124
      (120 * 20 + 126 * 40 + 130 * 60) / 120, // 127
      90,
    ]);
  });

  it('a crypto pair restarts at 00:00 UTC', () => {
    const bars = [bar('2024-03-09T23:00:00Z', 50_000, 2), bar('2024-03-09T23:59:00Z', 50_300, 1), bar('2024-03-10T00:00:00Z', 49_000, 5)];
    expect(vwap(bars, 'UTC')).toEqual([50_000, (50_000 * 2 + 50_300) / 3, 49_000]);
  });
});
