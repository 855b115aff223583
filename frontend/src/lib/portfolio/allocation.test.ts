import { describe, expect, it } from 'vitest';
import type { ValuedHolding } from '@tickstream/shared';
import { allocation, donutArcs } from './allocation.ts';

const valued = (symbol: string, marketValue: string | null, currency = 'USD') => ({ symbol, marketValue, currency }) as ValuedHolding;

describe('allocation', () => {
  it('merges lots per symbol within one currency, largest first, with exact percents', () => {
    const slices = allocation([valued('A', '100.00'), valued('B', '50.00'), valued('A', '50.00'), valued('X', '999.00', 'EUR'), valued('Z', null)], 'USD');
    expect(slices.map((s) => [s.symbol, s.percent])).toEqual([['A', '75.00'], ['B', '25.00']]);
  });

  it('draws one ring segment per slice, a full ring as two halves', () => {
    expect(donutArcs([{ symbol: 'A', percent: '100.00', fraction: 1 }], 50, 30)[0]?.d.match(/M /g)).toHaveLength(2);
    const arcs = donutArcs([{ symbol: 'A', percent: '75.00', fraction: 0.75 }, { symbol: 'B', percent: '25.00', fraction: 0.25 }], 50, 30);
    expect(arcs.map((a) => a.symbol)).toEqual(['A', 'B']);
    expect(arcs[0]?.d).toContain('A 50 50 0 1 1 -50 0'); // 270° clockwise from 12 o'clock ends at 9 o'clock
  });
});
