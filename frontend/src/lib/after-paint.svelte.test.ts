import { afterEach, describe, expect, it, vi } from 'vitest';
import { AfterFirstPaint } from './after-paint.svelte.ts';

describe('AfterFirstPaint', () => {
  afterEach(() => vi.useRealTimers());

  it('is not ready while the first frame is being built, and ready in a task after it', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] });
    const later = new AfterFirstPaint();
    expect(later.ready).toBe(false);
    vi.advanceTimersToNextFrame();
    expect(later.ready).toBe(false);
    vi.runOnlyPendingTimers();
    expect(later.ready).toBe(true);
  });
});
