// Reactive face of the live connection: status and watchlist as runes, everything else delegated
// to LiveClient. Pages and other features (portfolio) follow symbols and listen through this.
import type { SourceStatus, SymbolCandle, Tick } from '@tickstream/shared';
import { LiveClient, type ConnectionStatus, type LiveClientOptions, type LiveListener } from './client.ts';

export type { ConnectionStatus, LiveListener, SourceStatus, SymbolCandle, Tick };

export class LiveConnection {
  readonly client: LiveClient;
  status = $state.raw<ConnectionStatus>({ state: 'connecting', retryAt: null, attempt: 0 });
  watchlist = $state.raw<readonly string[]>([]);
  #cleanups: Array<() => void> = [];

  constructor(client: LiveClient) {
    this.client = client;
    this.status = client.status;
    this.#cleanups.push(
      client.listen({
        status: (s) => (this.status = s),
        welcome: (w) => {
          if (w.watchlist.join() !== this.watchlist.join()) this.watchlist = w.watchlist;
        },
      }),
    );
  }

  /** The connection for this page: same origin /ws, browser online/offline events wired in. */
  static forBrowser(options: Partial<LiveClientOptions> = {}): LiveConnection {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const client = new LiveClient({
      url: `${scheme}//${location.host}/ws`,
      isOnline: () => navigator.onLine,
      log: (message, detail) => console.warn(`[tickstream] ${message}`, detail ?? ''),
      ...options,
    });
    const connection = new LiveConnection(client);
    const online = () => client.reconnectNow();
    const offline = () => client.markOffline();
    addEventListener('online', online);
    addEventListener('offline', offline);
    connection.#cleanups.push(() => {
      removeEventListener('online', online);
      removeEventListener('offline', offline);
    });
    return connection;
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
    for (const fn of this.#cleanups.splice(0)) fn();
  }

  /** Follow symbols for as long as the returned function is not called. */
  follow(symbols: readonly string[]): () => void {
    return this.client.follow(symbols);
  }

  listen(listener: LiveListener): () => void {
    return this.client.listen(listener);
  }

  retryNow(): void {
    this.client.reconnectNow();
  }
}
