// The bell's unread count. "Seen" is one number per browser: the id of the newest fired event the
// user has looked at (opened /alerts, or cleared the bell), kept in localStorage so a reload or a
// new tab does not bring old alerts back. Event ids only grow, so "unread" is "id above it".
export const LAST_SEEN_KEY = 'tickstream.alerts.lastSeenEventId';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class UnreadAlerts {
  count = $state(0);
  #storage: KeyValueStorage | undefined;
  #lastSeen: number;
  #unread = new Set<number>();
  #newest = 0;

  constructor(storage: KeyValueStorage | undefined) {
    this.#storage = storage;
    this.#lastSeen = this.#read();
  }

  get lastSeen(): number {
    return this.#lastSeen;
  }

  /** Counts one fired event (from the REST history or the live stream); each id counts once. */
  note(eventId: number): void {
    this.#newest = Math.max(this.#newest, eventId);
    if (eventId <= this.#lastSeen || this.#unread.has(eventId)) return;
    this.#unread.add(eventId);
    this.count = this.#unread.size;
  }

  /** Everything noted so far has been seen. */
  markSeen(): void {
    this.#adopt(Math.max(this.#lastSeen, this.#newest));
    this.#write();
  }

  /** Another tab marked events seen (the `storage` event): follow it. */
  syncFromStorage(): void {
    this.#adopt(Math.max(this.#lastSeen, this.#read()));
  }

  #adopt(lastSeen: number): void {
    this.#lastSeen = lastSeen;
    for (const id of [...this.#unread]) if (id <= lastSeen) this.#unread.delete(id);
    this.count = this.#unread.size;
  }

  #read(): number {
    try {
      const n = Number(this.#storage?.getItem(LAST_SEEN_KEY) ?? 0);
      return Number.isSafeInteger(n) && n > 0 ? n : 0;
    } catch {
      return 0;
    }
  }

  #write(): void {
    try {
      this.#storage?.setItem(LAST_SEEN_KEY, String(this.#lastSeen));
    } catch {
      // private mode: the count still clears for this page
    }
  }
}
