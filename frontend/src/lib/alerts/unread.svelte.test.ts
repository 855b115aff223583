import { describe, expect, it } from 'vitest';
import { LAST_SEEN_KEY, UnreadAlerts } from './unread.svelte.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('UnreadAlerts', () => {
  it('counts each fired event once, however often it is seen (history load and live message)', () => {
    const unread = new UnreadAlerts(memoryStorage());
    unread.note(3);
    unread.note(4);
    unread.note(4);
    expect(unread.count).toBe(2);
  });

  it('clears on markSeen and remembers it in storage, so a reload does not count old events again', () => {
    const storage = memoryStorage();
    const unread = new UnreadAlerts(storage);
    [1, 2, 3].forEach((id) => unread.note(id));
    unread.markSeen();
    expect(unread.count).toBe(0);
    expect(storage.data.get(LAST_SEEN_KEY)).toBe('3');

    const reloaded = new UnreadAlerts(storage);
    [1, 2, 3, 4].forEach((id) => reloaded.note(id));
    expect(reloaded.count).toBe(1);
  });

  it('follows another tab that marked events seen', () => {
    const storage = memoryStorage();
    const unread = new UnreadAlerts(storage);
    [5, 6, 7].forEach((id) => unread.note(id));
    storage.setItem(LAST_SEEN_KEY, '6');
    unread.syncFromStorage();
    expect(unread.count).toBe(1);
  });

  it('ignores a stored value that is not an event id, and works without storage', () => {
    expect(new UnreadAlerts(memoryStorage({ [LAST_SEEN_KEY]: 'garbage' })).lastSeen).toBe(0);
    const bare = new UnreadAlerts(undefined);
    bare.note(1);
    bare.markSeen();
    expect(bare.count).toBe(0);
  });
});
