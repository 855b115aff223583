import { describe, expect, it, vi } from 'vitest';
import { Notifier, type NotificationApi } from './notifier.svelte.ts';

function fakeApi(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const shown: Array<{ title: string; options?: NotificationOptions }> = [];
  const Api = class {
    static permission = permission;
    static requestPermission = vi.fn(async () => answer);
    onclick: ((ev: Event) => void) | null = null;
    close = vi.fn();
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, ...(options ? { options } : {}) });
    }
  };
  return { api: Api as unknown as NotificationApi, shown, Api };
}

describe('Notifier', () => {
  it('notifies only when permission is granted and the tab is hidden', () => {
    let hidden = false;
    const { api, shown } = fakeApi('granted');
    const notifier = new Notifier({ api, isHidden: () => hidden });
    expect(notifier.notify('AAPL', 'crossed above 200', 'alert-1')).toBe(false);
    hidden = true;
    expect(notifier.notify('AAPL', 'crossed above 200', 'alert-1')).toBe(true);
    expect(shown).toEqual([{ title: 'AAPL', options: { body: 'crossed above 200', tag: 'alert-1' } }]);
  });

  it('never notifies before the user allowed it, and asks only when told to', async () => {
    const { api, shown, Api } = fakeApi('default', 'granted');
    const notifier = new Notifier({ api, isHidden: () => true });
    expect(notifier.permission).toBe('default');
    expect(notifier.notify('AAPL', 'x', 't')).toBe(false);
    expect(Api.requestPermission).not.toHaveBeenCalled();
    expect(await notifier.request()).toBe('granted');
    expect(notifier.notify('AAPL', 'x', 't')).toBe(true);
    expect(shown).toHaveLength(1);
  });

  it('says unsupported where the browser has no Notification API', async () => {
    const notifier = new Notifier({ api: undefined });
    expect(notifier.permission).toBe('unsupported');
    expect(await notifier.request()).toBe('unsupported');
    expect(notifier.notify('a', 'b', 'c')).toBe(false);
  });

  it('brings the tab forward when a notification is clicked', () => {
    const focus = vi.fn();
    const instances: Array<{ onclick: ((ev: Event) => void) | null; close: () => void }> = [];
    const { api } = fakeApi('granted');
    const Tracking = class extends (api as unknown as new (t: string, o?: NotificationOptions) => { onclick: ((ev: Event) => void) | null; close: () => void }) {
      constructor(t: string, o?: NotificationOptions) {
        super(t, o);
        instances.push(this);
      }
    };
    Object.assign(Tracking, { permission: 'granted' });
    const notifier = new Notifier({ api: Tracking as unknown as NotificationApi, isHidden: () => true, focus });
    notifier.notify('a', 'b', 'c');
    instances[0]!.onclick!(new Event('click'));
    expect(focus).toHaveBeenCalledOnce();
    expect(instances[0]!.close).toHaveBeenCalledOnce();
  });
});
