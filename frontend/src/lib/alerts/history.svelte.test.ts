import { describe, expect, it, vi } from 'vitest';
import type { AlertEvent, AlertEventsResponse } from '@tickstream/shared';
import type { EventsPage } from '../api/alerts.ts';
import { AlertHistory } from './history.svelte.ts';
import { fakeConnection, makeEvent } from './fakes.ts';

const delivered = { attempt: 1, atMs: 0, outcome: 'delivered' as const, httpStatus: 200, error: null, durationMs: 5 };
const page = (events: AlertEvent[]): AlertEventsResponse => ({ events, latestId: events[0]?.id ?? null });

describe('AlertHistory', () => {
  it('shows the newest page, newest first, and pages back with `before`', async () => {
    const events = vi.fn(async (p: EventsPage) =>
      p.before === undefined ? page([makeEvent({ id: 5, delivery: 'none' }), makeEvent({ id: 4, delivery: 'none' })]) : page([makeEvent({ id: 3, delivery: 'none' })]),
    );
    const history = new AlertHistory({ events }, { pageSize: 2 });
    await history.refresh();
    expect(history.events.map((e) => e.id)).toEqual([5, 4]);
    expect(history.hasOlder).toBe(true);
    await history.loadOlder();
    expect(events).toHaveBeenLastCalledWith({ before: 4, limit: 2 });
    expect(history.events.map((e) => e.id)).toEqual([5, 4, 3]);
    expect(history.hasOlder).toBe(false);
  });

  it('adds a live firing at the top and fetches again until its delivery is known', async () => {
    vi.useFakeTimers();
    try {
      const stored = makeEvent({ id: 9, delivery: 'delivered', attempts: [delivered] });
      const events = vi.fn().mockResolvedValueOnce(page([])).mockResolvedValueOnce(page([makeEvent({ id: 9 })])).mockResolvedValue(page([stored]));
      const connection = fakeConnection();
      const history = new AlertHistory({ events }, { pendingRefreshMs: 1000 });
      const stop = history.start(connection);
      await vi.advanceTimersByTimeAsync(0);
      connection.emitAlert(makeEvent({ id: 9 }));
      expect(history.events.map((e) => [e.id, e.delivery])).toEqual([[9, 'pending']]);
      await vi.advanceTimersByTimeAsync(1000);
      expect(history.events[0]!.delivery).toBe('pending');
      await vi.advanceTimersByTimeAsync(1000);
      expect(history.events[0]).toEqual(stored);
      const calls = events.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5000);
      expect(events.mock.calls.length).toBe(calls);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the stored copy with its attempts when the live copy of the same firing arrives late', async () => {
    const stored = makeEvent({ id: 2, delivery: 'delivered', attempts: [delivered] });
    const connection = fakeConnection();
    const history = new AlertHistory({ events: async () => page([stored]) });
    history.start(connection);
    await vi.waitFor(() => expect(history.events).toHaveLength(1));
    connection.emitAlert(makeEvent({ id: 2 }));
    expect(history.events[0]).toEqual(stored);
  });
});
