import { describe, expect, it } from 'vitest';
import { sortSymbols } from './sort.ts';

const pct: Record<string, number | null> = { A: 1, B: -2, C: null, D: 3 };

describe('sortSymbols', () => {
  it('keeps watchlist order by default', () => {
    expect(sortSymbols(['A', 'B', 'C', 'D'], (s) => pct[s] ?? null, 'watchlist')).toEqual(['A', 'B', 'C', 'D']);
  });

  it('sorts by change % either way, unknown changes last', () => {
    expect(sortSymbols(['A', 'B', 'C', 'D'], (s) => pct[s] ?? null, 'change-desc')).toEqual(['D', 'A', 'B', 'C']);
    expect(sortSymbols(['A', 'B', 'C', 'D'], (s) => pct[s] ?? null, 'change-asc')).toEqual(['B', 'A', 'D', 'C']);
  });
});
