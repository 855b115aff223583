// Reactive face of the live connection: status and watchlist as runes, everything else delegated
// to LiveSocket. Pages and other features (portfolio) follow symbols and listen through this.
import type { SourceStatus, SymbolCandle, Tick } from '@tickstream/shared';
import { LiveSocket, type ConnectionStatus, type LiveSocketOptions, type LiveListener } from './socket.ts';

export type { ConnectionStatus, LiveListener, SourceStatus, SymbolCandle, Tick };

export class LiveConnection {
  readonly socket: LiveSocket;
  status = $state.raw<ConnectionStatus>({ state: 'connecting', retryAt: null, attempt: 0 });
  watchlist = $state.raw<readonly string[]>([]);
  /** unix ms since when the connection has not been live (page load counts), null while live */
  downSinceMs = $state<number | null>(Date.now());
  #cleanups: Array<() => void> = [];

  constructor(socket: LiveSocket) {
    this.socket = socket;
    this.status = socket.status;
    this.#cleanups.push(
      socket.listen({
        status: (s) => {
          this.status = s;
          if (s.state === 'live') this.downSinceMs = null;
          else this.downSinceMs ??= Date.now();
        },
        welcome: (w) => {
          if (w.watchlist.join() !== this.watchlist.join()) this.watchlist = w.watchlist;
        },
      }),
    );
  }

  /** The connection for this page: same origin /ws, browser online/offline events wired in. */
  static forBrowser(options: Partial<LiveSocketOptions> = {}): LiveConnection {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new LiveSocket({
      url: `${scheme}//${location.host}/ws`,
      isOnline: () => navigator.onLine,
      log: (message, detail) => console.warn(`[tickstream] ${message}`, detail ?? ''),
      ...options,
    });
    const connection = new LiveConnection(socket);
    const online = () => socket.reconnectNow();
    const offline = () => socket.markOffline();
    addEventListener('online', online);
    addEventListener('offline', offline);
    connection.#cleanups.push(() => {
      removeEventListener('online', online);
      removeEventListener('offline', offline);
    });
    return connection;
  }

  start(): void {
    this.socket.start();
  }

  stop(): void {
    this.socket.stop();
    for (const fn of this.#cleanups.splice(0)) fn();
  }

  /** Follow symbols for as long as the returned function is not called. */
  follow(symbols: readonly string[]): () => void {
    return this.socket.follow(symbols);
  }

  listen(listener: LiveListener): () => void {
    return this.socket.listen(listener);
  }

  retryNow(): void {
    this.socket.reconnectNow();
  }
}
