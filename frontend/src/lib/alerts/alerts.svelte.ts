// The user's alerts as reactive state, shared by the alerts page (all of them) and the symbol page
// (its symbol's, drawn on the chart). Writes go through AlertsApi; a 401 asks for the API token and
// retries, like the portfolio. A live firing changes an alert's status and last fired time, so the
// list is fetched again shortly after one.
import type { Alert, AlertTestResponse } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { ApiError } from '../api/send.ts';
import { GuardedWrites } from '../api/guarded-writes.svelte.ts';
import type { AlertsApi } from '../api/alerts.ts';
import { fieldErrors, requestBody, type AlertField, type AlertFormErrors, type AlertFormValues } from './form.ts';

export interface AlertsStateOptions {
  /** only this symbol's alerts (the symbol page) */
  symbol?: string;
  /** wait after a firing before refetching, so a burst of firings costs one request */
  refreshDelayMs?: number;
}

export class AlertsState {
  all = $state.raw<readonly Alert[]>([]);
  max = $state<number | null>(null);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  #api: AlertsApi;
  #symbol: string | undefined;
  #delay: number;
  #writes: GuardedWrites<AlertField>;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: AlertsApi, opts: AlertsStateOptions = {}) {
    this.#api = api;
    this.#symbol = opts.symbol;
    this.#delay = opts.refreshDelayMs ?? 500;
    this.#writes = new GuardedWrites({ setToken: (t) => api.setToken(t), what: 'alerts', fieldErrors, after: () => this.refresh() });
  }

  /** the server refused a write for want of the API token: the page asks for it */
  get needsToken(): boolean {
    return this.#writes.needsToken;
  }

  alerts = $derived.by(() => (this.#symbol === undefined ? this.all : this.all.filter((a) => a.symbol === this.#symbol)));

  /** Loads the list and follows firings on the connection; returns the teardown. */
  start(connection: Pick<LiveConnection, 'listen'>): () => void {
    void this.refresh();
    const stop = connection.listen({
      alert: (event) => {
        if (this.#symbol === undefined || event.symbol === this.#symbol) this.#refreshSoon();
      },
      gap: () => this.#refreshSoon(),
    });
    return () => {
      stop();
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    };
  }

  async refresh(): Promise<void> {
    try {
      const res = await this.#api.list();
      this.all = res.alerts;
      this.max = res.max;
      this.loadError = null;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    } finally {
      this.loaded = true;
    }
  }

  /** Creates (no id) or edits an alert; resolves to the errors to show, or null when saved. */
  save(values: AlertFormValues, target: { symbol: string } | { id: number }): Promise<AlertFormErrors | null> {
    return this.#write(() => ('id' in target ? this.#api.update(target.id, requestBody(values)) : this.#api.create(requestBody(values, target.symbol))));
  }

  setEnabled(id: number, enabled: boolean): Promise<AlertFormErrors | null> {
    return this.#write(() => this.#api.update(id, { enabled }));
  }

  remove(id: number): Promise<AlertFormErrors | null> {
    return this.#write(() => this.#api.remove(id));
  }

  /** One test delivery; resolves to its outcome or the error to show. */
  async test(id: number): Promise<{ result: AlertTestResponse } | { error: string }> {
    try {
      return { result: await this.#api.test(id) };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.#writes.askForToken();
        return { error: 'This server needs its API token to send a test.' };
      }
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Stores the token the user typed and retries the write that needed it. */
  provideToken(token: string): Promise<AlertFormErrors | null> {
    return this.#writes.provideToken(token);
  }

  cancelToken(): void {
    this.#writes.cancel();
  }

  #refreshSoon(): void {
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, this.#delay);
  }

  #write(action: () => Promise<unknown>): Promise<AlertFormErrors | null> {
    return this.#writes.run(action);
  }
}
