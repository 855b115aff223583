// Delivers fired alerts to the user on every page: a toast, the bell's count, and a browser
// notification when the tab is hidden. Live `alert` messages are already deduplicated by stream
// position (LiveSocket); the event ids seen are kept too, because a resume after a lost stream
// (new epoch) or the REST history can bring the same firing again.
import type { AlertEvent } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import type { AlertsApi } from '../api/alerts.ts';
import { debugHandle } from '../debug.ts';
import { describeEvent } from './describe.ts';
import type { Notifier } from './notifier.svelte.ts';
import type { Toasts } from './toasts.svelte.ts';
import type { UnreadAlerts } from './unread.svelte.ts';

const REMEMBERED = 500;

/** The stored events a page reads when it opens, for the unread count (also a preload of the page shell: hooks.server.ts). */
export const OPENING_EVENTS = { limit: 100 } as const;

export interface AlertFeedDeps {
  connection: Pick<LiveConnection, 'listen'>;
  api: Pick<AlertsApi, 'events'>;
  toasts: Toasts;
  unread: UnreadAlerts;
  notifier: Notifier;
  /** the alerts page, for the toast's link */
  href: string;
  log?: (message: string, detail?: unknown) => void;
}

export class AlertFeed {
  #deps: AlertFeedDeps;
  #seen = new Set<number>();
  /** the newest event id this page knows (from the history or live); null until the history is in */
  #newest: number | null = null;
  /** the opening history read failed: the next (re)connection tries it again */
  #historyFailed = false;
  #stop: (() => void) | null = null;

  constructor(deps: AlertFeedDeps) {
    this.#deps = deps;
  }

  /** Listens for live alerts and counts the stored ones this browser has not seen; returns the teardown. */
  start(): () => void {
    this.#stop = this.#deps.connection.listen({
      alert: (event) => this.deliver(event),
      gap: () => void this.catchUp(),
      // A connection that never got its first welcome has no stream position to resume from: what
      // fired between the history read and that welcome (a page that went offline while still
      // connecting) comes from the stored events. After a resume this finds nothing new.
      welcome: () => void this.catchUp(),
    });
    void this.#readHistory();
    return () => {
      this.#stop?.();
      this.#stop = null;
    };
  }

  /**
   * The live stream lost messages for good (a long disconnect outlived the replay buffer, or the
   * stream restarted): firings during the gap would never arrive live, so they are read from the
   * stored events after the newest one this page knows, and shown like live ones.
   */
  async catchUp(): Promise<void> {
    // No history yet: a read that failed (the server was away) is tried again now the stream is
    // back; one still in flight will count what fired meanwhile.
    if (this.#newest === null) return this.#historyFailed ? this.#readHistory() : undefined;
    try {
      const page = await this.#deps.api.events({ since: this.#newest, limit: 100 });
      for (const e of page.events) this.deliver(e);
    } catch (err) {
      this.#deps.log?.('could not read the alerts fired while the live stream was interrupted', err);
    }
  }

  /** The stored firings when the page opens: counted unread, never toasted (they fired before it was open). */
  async #readHistory(): Promise<void> {
    this.#historyFailed = false;
    try {
      const page = await this.#deps.api.events(OPENING_EVENTS);
      for (const e of page.events) if (this.#remember(e.id)) this.#deps.unread.note(e.id);
      this.#newest = Math.max(this.#newest ?? 0, ...page.events.map((e) => e.id));
    } catch (err) {
      this.#historyFailed = true;
      this.#deps.log?.('could not load the alert history for the unread count', err);
    }
  }

  /** A live firing: shown once per event id. Returns whether it was new. */
  deliver(event: AlertEvent): boolean {
    if (this.#newest !== null) this.#newest = Math.max(this.#newest, event.id);
    if (!this.#remember(event.id)) return false;
    const { title, body } = describeEvent(event);
    this.#deps.unread.note(event.id);
    this.#deps.toasts.push({ tone: 'alert', title, body, href: this.#deps.href });
    const debug = debugHandle();
    if (debug) (debug.alertToasts ??= []).push(event.id);
    this.#deps.notifier.notify(title, body, `tickstream-alert-${event.id}`);
    return true;
  }

  #remember(id: number): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > REMEMBERED) this.#seen.delete(this.#seen.values().next().value as number);
    return true;
  }
}
