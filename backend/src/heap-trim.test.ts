import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEAP_TRIM_EVERY_MS, startHeapTrim } from './heap-trim.ts';

describe('heap trim after bulk work', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collects once when start-up work ends, and once more after each later burst of it', async () => {
    let busy = true;
    const gc = vi.fn(async () => undefined);
    const stop = startHeapTrim({ busy: () => busy, gc });
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS * 3);
    expect(gc).not.toHaveBeenCalled(); // still backfilling
    busy = false;
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS * 5);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(gc).toHaveBeenCalledWith({ type: 'major', execution: 'async', flavor: 'last-resort' });
    busy = true; // a newly followed symbol's backfill
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS);
    busy = false;
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS * 5);
    expect(gc).toHaveBeenCalledTimes(2);
    stop();
  });

  it('collects after start-up even when the work was over before the first look', async () => {
    const gc = vi.fn(async () => undefined);
    const onTrim = vi.fn();
    const stop = startHeapTrim({ busy: () => false, gc, onTrim });
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS * 4);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(onTrim).toHaveBeenCalledTimes(1);
    stop();
  });

  it('does nothing after stop, nor without an exposed collector', async () => {
    const gc = vi.fn(async () => undefined);
    startHeapTrim({ busy: () => false, gc })();
    await vi.advanceTimersByTimeAsync(HEAP_TRIM_EVERY_MS * 4);
    expect(gc).not.toHaveBeenCalled();
    expect(() => startHeapTrim({ busy: () => false, gc: undefined })()).not.toThrow();
  });
});
