import { describe, expect, it } from 'vitest';
import type { BenchmarkPoint, PortfolioHistoryPoint } from '@tickstream/shared';
import { drawValue } from './value-drawing.ts';

const T = 1_764_000_000;
const point = (i: number, percent: number): PortfolioHistoryPoint => ({ time: T + i * 300, value: 1000 * (1 + percent / 100), percent }) as PortfolioHistoryPoint;
const bench = (i: number, percent: number): BenchmarkPoint => ({ time: T + i * 300, close: 100 * (1 + percent / 100), percent });
const label = (t: number, type: number) => `${type}:${(t - T) / 300}`;

describe('the value chart as a drawing', () => {
  it('spaces both series by point on one time scale and frames both, 20% free above and 10% below', () => {
    // the benchmark has a point (2) the portfolio lacks: it takes its own place on the scale
    const drawn = drawValue([point(0, 0), point(1, 2), point(3, 1)], [bench(0, 0), bench(2, -1), bench(3, 0.5)], label)!;
    expect(drawn.line).toBe('M0 667L333 200L1000 433');
    expect(drawn.benchmark).toBe('M0 667L667 900L1000 550');
  });

  it('fills the area under the portfolio line down to the bottom', () => {
    const drawn = drawValue([point(0, 0), point(1, 1)], [], label)!;
    expect(drawn.area).toBe(`${drawn.line}V1000H0Z`);
  });

  it('draws a single point as a line across, and nothing without points', () => {
    expect(drawValue([point(0, 0)], [], label)!.line).toBe('M0 200H1000');
    expect(drawValue([], [], label)).toBeNull();
  });

  it('puts round % steps on the scale inside the box, and labels the time axis', () => {
    const points = Array.from({ length: 80 }, (_, i) => point(i, Math.sin(i / 10) * 3));
    const drawn = drawValue(points, [], label)!;
    expect(drawn.ticks.length).toBeGreaterThan(2);
    for (const t of drawn.ticks) {
      expect(t.y).toBeGreaterThan(3);
      expect(t.y).toBeLessThan(97);
      expect(Number.isInteger(t.value)).toBe(true);
    }
    expect(drawn.times.length).toBeGreaterThan(1);
    expect(drawn.times.every((t) => t.at > 4 && t.at < 96)).toBe(true);
  });
});
