// The fired events on the alerts page: the newest page first, older pages on demand (`before`),
// new firings from the live stream, and delivery outcomes as they come in. A live `alert` message
// carries no attempts (delivery happens after it), so while an event shown is still pending the
// newest page is fetched again every few seconds until its webhook answered or gave up.
import type { AlertEvent } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import type { AlertsApi } from '../api/alerts.ts';

export interface AlertHistoryOptions {
  pageSize?: number;
  pendingRefreshMs?: number;
}

export class AlertHistory {
  events = $state.raw<readonly AlertEvent[]>([]);
  loaded = $state(false);
  loadingOlder = $state(false);
  /** false once an older page came back short */
  hasOlder = $state(true);
  error = $state<string | null>(null);
  #api: Pick<AlertsApi, 'events'>;
  #pageSize: number;
  #pendingMs: number;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;

  constructor(api: Pick<AlertsApi, 'events'>, opts: AlertHistoryOptions = {}) {
    this.#api = api;
    this.#pageSize = opts.pageSize ?? 50;
    this.#pendingMs = opts.pendingRefreshMs ?? 2000;
  }

  get newestId(): number {
    return this.events[0]?.id ?? 0;
  }

  start(connection: Pick<LiveConnection, 'listen'>): () => void {
    this.#stopped = false;
    void this.refresh();
    const stop = connection.listen({
      alert: (event) => {
        this.#merge([event]);
        this.#schedule();
      },
      gap: () => void this.refresh(),
    });
    return () => {
      this.#stopped = true;
      stop();
      this.#clear();
    };
  }

  /** Fetches the newest page again (new events, updated delivery outcomes). */
  async refresh(): Promise<void> {
    try {
      const page = await this.#api.events({ limit: this.#pageSize });
      this.#merge(page.events);
      if (!this.loaded) this.hasOlder = page.events.length === this.#pageSize;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loaded = true;
      this.#schedule();
    }
  }

  async loadOlder(): Promise<void> {
    const oldest = this.events.at(-1);
    if (!oldest || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const page = await this.#api.events({ before: oldest.id, limit: this.#pageSize });
      this.#merge(page.events);
      this.hasOlder = page.events.length === this.#pageSize;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.loadingOlder = false;
    }
  }

  /** Newest first; a stored copy (with attempts) replaces a live one of the same id. */
  #merge(incoming: readonly AlertEvent[]): void {
    const byId = new Map(this.events.map((e) => [e.id, e]));
    for (const e of incoming) {
      const known = byId.get(e.id);
      if (!known || e.attempts.length >= known.attempts.length) byId.set(e.id, e);
    }
    this.events = [...byId.values()].sort((a, b) => b.id - a.id);
  }

  #schedule(): void {
    this.#clear();
    // only the newest page is refetched, so only a pending event on it can change
    if (this.#stopped || !this.events.slice(0, this.#pageSize).some((e) => e.delivery === 'pending')) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, this.#pendingMs);
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
