import { describe, expect, it } from 'vitest';
import { Toasts } from './toasts.svelte.ts';

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimer: (h: unknown) => void pending.delete(h as number),
    fireAll: () => {
      for (const [h, t] of [...pending]) {
        pending.delete(h);
        t.fn();
      }
    },
    pending,
  };
}

const toast = (title: string) => ({ tone: 'alert' as const, title, body: '' });

describe('Toasts', () => {
  it('shows a toast until its time is up, then removes it', () => {
    const timers = manualTimers();
    const toasts = new Toasts({ ttlMs: 5000, ...timers });
    toasts.push(toast('AAPL crossed 200'));
    expect(toasts.items.map((t) => t.title)).toEqual(['AAPL crossed 200']);
    expect([...timers.pending.values()][0]!.ms).toBe(5000);
    timers.fireAll();
    expect(toasts.items).toEqual([]);
  });

  it('keeps only the newest few, cancelling the timers of those pushed out', () => {
    const timers = manualTimers();
    const toasts = new Toasts({ max: 2, ...timers });
    for (const t of ['a', 'b', 'c']) toasts.push(toast(t));
    expect(toasts.items.map((t) => t.title)).toEqual(['b', 'c']);
    expect(timers.pending.size).toBe(2);
  });

  it('dismisses one toast by id and leaves the others', () => {
    const timers = manualTimers();
    const toasts = new Toasts(timers);
    const a = toasts.push(toast('a'));
    toasts.push(toast('b'));
    toasts.dismiss(a);
    expect(toasts.items.map((t) => t.title)).toEqual(['b']);
    expect(timers.pending.size).toBe(1);
  });

  it('holds a toast while it is hovered or focused and gives it time again on release', () => {
    const timers = manualTimers();
    const toasts = new Toasts({ ttlMs: 8000, ...timers });
    const id = toasts.push(toast('a'));
    toasts.hold(id);
    timers.fireAll();
    expect(toasts.items).toHaveLength(1);
    toasts.release(id);
    expect([...timers.pending.values()][0]!.ms).toBe(4000);
    timers.fireAll();
    expect(toasts.items).toEqual([]);
  });
});
