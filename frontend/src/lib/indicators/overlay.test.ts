import { describe, expect, it, vi } from 'vitest';
import type { ChartView } from '../chart/chart-view.ts';
import type { ChartHost } from '../chart/layers.ts';
import { IndicatorOverlay } from './overlay.ts';
import { makeIndicator } from './spec.ts';

const set = vi.fn();
vi.mock('./layer.ts', () => ({ createIndicatorLayer: () => ({ set, reset() {}, update() {}, destroy() {} }) }));

function fakeView() {
  const added: unknown[] = [];
  let removed = 0;
  const view = {
    addLayer(create: (host: ChartHost) => unknown) {
      added.push(create({} as ChartHost));
      return () => removed++;
    },
    paneCount: () => 2,
  } as unknown as ChartView;
  return { view, added, removed: () => removed };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const sma = makeIndicator('sma', 'sma-1')!;

describe('IndicatorOverlay', () => {
  it('loads no indicator code while the list is empty', async () => {
    const { view, added } = fakeView();
    new IndicatorOverlay(view, () => {}, () => {}).set([]);
    await flush();
    expect(added).toHaveLength(0);
  });

  it('adds the layer once on the first indicator, with the newest list once the code is in', async () => {
    set.mockClear();
    const { view, added } = fakeView();
    const changes: number[] = [];
    const overlay = new IndicatorOverlay(view, () => changes.push(1), () => {});
    overlay.set([sma]);
    overlay.set([sma, makeIndicator('rsi', 'rsi-1')!]);
    await vi.dynamicImportSettled();
    await flush();
    expect(added).toHaveLength(1);
    expect(set).toHaveBeenLastCalledWith([sma, expect.objectContaining({ kind: 'rsi' })]);
    overlay.set([]);
    expect(set).toHaveBeenLastCalledWith([]);
    expect(changes.length).toBeGreaterThanOrEqual(2);
  });

  it('adds nothing when the chart went away before the code arrived', async () => {
    const { view, added } = fakeView();
    const overlay = new IndicatorOverlay(view, () => {}, () => {});
    overlay.set([sma]);
    overlay.destroy();
    await vi.dynamicImportSettled();
    await flush();
    expect(added).toHaveLength(0);
  });
});
