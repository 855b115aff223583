import { describe, expect, it, vi } from 'vitest';
import type { AlertEventsResponse } from '@tickstream/shared';
import { AlertFeed } from './feed.ts';
import { Notifier, type NotificationApi } from './notifier.svelte.ts';
import { Toasts } from './toasts.svelte.ts';
import { UnreadAlerts } from './unread.svelte.ts';
import { fakeConnection, makeEvent } from './fakes.ts';

function setup(history: AlertEventsResponse = { events: [], latestId: null }, hidden = false) {
  const connection = fakeConnection();
  const toasts = new Toasts({ setTimer: () => 0, clearTimer: () => {} });
  const unread = new UnreadAlerts(undefined);
  const shown: string[] = [];
  const Api = class {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick = null;
    close() {}
    constructor(title: string) {
      shown.push(title);
    }
  };
  const notifier = new Notifier({ api: Api as unknown as NotificationApi, isHidden: () => hidden });
  const events = vi.fn(async () => history);
  const feed = new AlertFeed({ connection, api: { events }, toasts, unread, notifier, href: '/alerts' });
  return { connection, toasts, unread, shown, feed, events };
}

describe('AlertFeed', () => {
  it('toasts a live firing and counts it unread', async () => {
    const { connection, toasts, unread, feed } = setup();
    feed.start();
    connection.emitAlert(makeEvent({ id: 7, symbol: 'NVDA', price: 120.5, condition: { type: 'price_above', value: 120 } }));
    expect(toasts.items).toHaveLength(1);
    expect(toasts.items[0]).toMatchObject({ tone: 'alert', title: 'NVDA at 120.50', href: '/alerts' });
    expect(unread.count).toBe(1);
  });

  it('shows the same firing once, even when it comes again after a lost stream', () => {
    const { connection, toasts, unread, feed } = setup();
    feed.start();
    connection.emitAlert(makeEvent({ id: 7 }));
    connection.emitAlert(makeEvent({ id: 7 }));
    expect(toasts.items).toHaveLength(1);
    expect(unread.count).toBe(1);
  });

  it('counts stored firings this browser has not seen without toasting them, and never toasts one of them later', async () => {
    const { connection, toasts, unread, feed, events } = setup({ events: [makeEvent({ id: 3 }), makeEvent({ id: 2 })], latestId: 3 });
    feed.start();
    await vi.waitFor(() => expect(unread.count).toBe(2));
    expect(events).toHaveBeenCalledWith({ limit: 100 });
    expect(toasts.items).toHaveLength(0);
    connection.emitAlert(makeEvent({ id: 3 }));
    expect(toasts.items).toHaveLength(0);
  });

  it('after a gap in the live stream, shows the firings stored after the newest one it knew, once each', async () => {
    const { connection, toasts, unread, feed, events } = setup({ events: [makeEvent({ id: 3 })], latestId: 3 });
    feed.start();
    await vi.waitFor(() => expect(unread.count).toBe(1));
    connection.emitAlert(makeEvent({ id: 4 }));
    events.mockResolvedValueOnce({ events: [makeEvent({ id: 4 }), makeEvent({ id: 5, symbol: 'NVDA' })], latestId: 5 });
    connection.emitGap();
    await vi.waitFor(() => expect(toasts.items).toHaveLength(2));
    expect(events).toHaveBeenLastCalledWith({ since: 4, limit: 100 });
    expect(toasts.items[1]).toMatchObject({ title: expect.stringMatching(/^NVDA/) });
    expect(unread.count).toBe(3);
  });

  it('on a (re)connection, shows the firings stored since the history read, so one fired before the first welcome is not lost', async () => {
    const { connection, toasts, feed, events } = setup({ events: [makeEvent({ id: 3 })], latestId: 3 });
    feed.start();
    await vi.waitFor(() => expect(events).toHaveBeenCalledTimes(1));
    events.mockResolvedValueOnce({ events: [makeEvent({ id: 4 })], latestId: 4 });
    connection.emitWelcome();
    await vi.waitFor(() => expect(toasts.items).toHaveLength(1));
    expect(events).toHaveBeenLastCalledWith({ since: 3, limit: 100 });
    connection.emitAlert(makeEvent({ id: 4 }));
    expect(toasts.items).toHaveLength(1);
  });

  it('when the history cannot be read, says so in the log, keeps the count, still shows live firings, and reads it again on the next connection', async () => {
    const { connection, toasts, unread, events } = setup({ events: [makeEvent({ id: 3 }), makeEvent({ id: 2 })], latestId: 3 });
    const log = vi.fn();
    const failing = new AlertFeed({ connection, api: { events }, toasts, unread, notifier: new Notifier({ api: undefined, isHidden: () => false }), href: '/alerts', log });
    events.mockRejectedValueOnce(Object.assign(new Error('the database is unavailable'), { code: 'STORE_UNAVAILABLE' }));
    failing.start();
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('could not load the alert history for the unread count', expect.any(Error)));
    expect(unread.count).toBe(0);
    connection.emitAlert(makeEvent({ id: 4 }));
    expect(toasts.items).toHaveLength(1);
    expect(unread.count).toBe(1);
    // the stream is back (the server too): the stored firings are counted, the live one not twice
    connection.emitWelcome();
    await vi.waitFor(() => expect(unread.count).toBe(3));
    expect(events).toHaveBeenLastCalledWith({ limit: 100 });
    expect(toasts.items).toHaveLength(1);
  });

  it('also notifies through the browser when the tab is hidden', () => {
    const { connection, shown, feed } = setup(undefined, true);
    feed.start();
    connection.emitAlert(makeEvent({ id: 1, symbol: 'MSFT', price: 400 }));
    expect(shown).toEqual(['MSFT at 400.00']);
  });

  it('stops listening when stopped', () => {
    const { connection, toasts, feed } = setup();
    const stop = feed.start();
    stop();
    connection.emitAlert(makeEvent());
    expect(toasts.items).toHaveLength(0);
  });
});
