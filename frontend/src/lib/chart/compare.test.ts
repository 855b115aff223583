import { describe, expect, it } from 'vitest';
import { alignToTimes, baseAt, changeAt, onlyTailChanged, parseCompare, rebase, withCompare } from './compare.ts';

const pts = (...pairs: Array<[number, number]>) => pairs.map(([time, value]) => ({ time, value }));

describe('compare symbols in the URL', () => {
  it('reads valid, distinct symbols other than the main one, upper-cased, at most four', () => {
    expect(parseCompare('msft, SPY,,AAPL,msft,not a symbol!,BTC-USD,^GSPC,QQQ', 'AAPL')).toEqual(['MSFT', 'SPY', 'BTC-USD', '^GSPC']);
    expect(parseCompare(null, 'AAPL')).toEqual([]);
  });

  it('writes them comma-separated next to the other parameters, and drops the parameter when empty', () => {
    expect(withCompare('?interval=5m', ['MSFT', 'SPY'])).toBe('?interval=5m&compare=MSFT,SPY');
    expect(withCompare('?interval=5m&compare=MSFT', [])).toBe('?interval=5m');
    expect(withCompare('', [])).toBe('');
  });
});

describe('aligning another symbol to the main bar times', () => {
  it('carries its last close forward over bars it lacks and starts at its first bar', () => {
    const main = [60, 120, 180, 240, 300];
    const other = pts([120, 10], [240, 12]);
    expect(alignToTimes(main, other)).toEqual(pts([120, 10], [180, 10], [240, 12], [300, 12]));
  });

  it('drops its bars at times the main series does not have (a 24/7 pair against a stock)', () => {
    const main = [1000, 2000];
    const other = pts([500, 1], [1500, 2], [1600, 3], [2500, 4]);
    expect(alignToTimes(main, other)).toEqual(pts([1000, 1], [2000, 3]));
  });
});

describe('re-basing to the first visible bar', () => {
  const closes = pts([60, 100], [120, 110], [180, 99], [240, 121]);

  it('is 0% at the first visible bar and the change from it after', () => {
    const r = rebase(closes, 60);
    expect(r.map((p) => Math.round(p.value * 100) / 100)).toEqual([0, 10, -1, 21]);
  });

  it('moves the base when the visible range starts later (scrolled or zoomed)', () => {
    const r = rebase(closes, 120);
    expect(r[1]!.value).toBe(0);
    expect(r[0]!.value).toBeCloseTo(-9.0909, 3);
    expect(r[3]!.value).toBeCloseTo(10, 9);
  });

  it('uses the first bar after a visible start that falls between bars; none when nothing is visible', () => {
    expect(baseAt(closes, 61)).toEqual({ time: 120, value: 110 });
    expect(rebase(closes, 1000)).toEqual([]);
  });

  it('gives the change at a hovered time from the last close at or before it', () => {
    expect(changeAt(closes, 60, 200)).toBeCloseTo(-1, 9);
    expect(changeAt(closes, 60, 240)).toBeCloseTo(21, 9);
    expect(changeAt(closes, 120, 60)).toBeNull(); // before the base
    expect(changeAt([], 60, 60)).toBeNull();
  });
});

describe('redrawing a compare line', () => {
  it('updates only the tail when a live bar changed or was appended, and redraws otherwise', () => {
    const shown = pts([1, 1], [2, 2]);
    expect(onlyTailChanged(shown, pts([1, 1], [2, 3]))).toBe(true);
    expect(onlyTailChanged(shown, pts([1, 1], [2, 2], [3, 3]))).toBe(true);
    expect(onlyTailChanged(shown, pts([1, 5], [2, 2]))).toBe(false);
    expect(onlyTailChanged([], pts([1, 1]))).toBe(false);
  });
});
