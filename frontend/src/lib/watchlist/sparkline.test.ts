import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { appendPrice, sessionPoints, sparkGeometry } from './sparkline.ts';

const c = (time: number, close: number): Candle => ({ time, open: close, high: close, low: close, close, volume: 0 });

describe('sparkline', () => {
  it('keeps only the last session (the run after the last long pause)', () => {
    const candles = [c(0, 1), c(300, 2), c(20_000, 3), c(20_300, 4)];
    expect(sessionPoints(candles)).toEqual([
      { time: 20_000, value: 3 },
      { time: 20_300, value: 4 },
    ]);
  });

  it('moves the current point with a live price and adds the next bucket', () => {
    let pts = [{ time: 600, value: 1 }];
    pts = appendPrice(pts, 700, 2);
    expect(pts).toEqual([{ time: 600, value: 2 }]);
    pts = appendPrice(pts, 900, 3);
    expect(pts).toEqual([
      { time: 600, value: 2 },
      { time: 900, value: 3 },
    ]);
    expect(appendPrice(pts, 10, 9)).toBe(pts);
  });

  it('draws a path in the box and places the previous close line', () => {
    const g = sparkGeometry(
      [
        { time: 0, value: 10 },
        { time: 10, value: 20 },
      ],
      100,
      24,
      15,
    );
    expect(g.path).toBe('M0.0,22.0L100.0,2.0');
    expect(g.referenceY).toBe(12);
    expect(sparkGeometry([{ time: 0, value: 1 }], 100, 24).path).toBe('');
  });
});
