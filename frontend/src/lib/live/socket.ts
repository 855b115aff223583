// LiveSocket: the browser's one WebSocket to /ws, as plain TypeScript (the rune wrapper
// LiveConnection in connection.svelte.ts only mirrors its status). Reconnects forever with backoff + jitter, resumes from the last stream
// position, drops replayed duplicates, and tells listeners when a gap could not be filled.
import type {
  AlertEvent,
  ClientMessage,
  QuoteInfo,
  ServerMessage,
  SourceStatus,
  StreamPosition,
  SymbolCandle,
  Tick,
  WatchlistChange,
} from '@tickstream/shared';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { StreamCursor } from './cursor.ts';
import { parseFrame } from './frames.ts';
import { QuoteInfoBook } from './quote-info.ts';
import { Subscriptions } from './subscriptions.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface ConnectionStatus {
  state: ConnectionState;
  /** unix ms of the next connection attempt, while waiting for it */
  retryAt: number | null;
  /** failed attempts since the last successful welcome */
  attempt: number;
}

/** The part of the browser's WebSocket the client uses (tests pass a fake). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface LiveListener {
  status?(status: ConnectionStatus): void;
  welcome?(info: { epoch: string; watchlist: string[]; serverTimeMs: number }): void;
  /** a complete quote: the tick's live part with the symbol's latest info */
  tick?(tick: Tick): void;
  /** a symbol's quote info changed (new session, pre/post-market trade) */
  info?(info: QuoteInfo): void;
  candle?(candle: SymbolCandle): void;
  sourceStatus?(status: SourceStatus): void;
  /** a watchlist was created, changed or deleted (any tab, any instance) */
  watchlists?(change: WatchlistChange): void;
  snapshot?(ticks: Tick[], status: SourceStatus | null): void;
  /** A price alert fired (any symbol); delivered once per stream position, replays included. */
  alert?(event: AlertEvent): void;
  /** Messages were lost for good (restart without history, replay window exceeded): reload history. */
  gap?(): void;
  /** `symbols`: the ones a SYMBOL_NOT_FOUND or SYMBOL_LIMIT_REACHED refers to */
  error?(code: string, message: string, symbols: string[]): void;
}

export interface LiveSocketOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  now?: () => number;
  random?: () => number;
  backoff?: BackoffOptions;
  /** how often to ping an idle server */
  pingEveryMs?: number;
  /** no frame at all for this long: the socket is presumed dead (sleeping laptop, dropped NAT) */
  idleTimeoutMs?: number;
  /** a handshake not answered within this long is abandoned and retried (a dead network can hang it) */
  openTimeoutMs?: number;
  /** after this many failed attempts the indicator says offline rather than reconnecting */
  offlineAfterAttempts?: number;
  isOnline?: () => boolean;
  log?: (message: string, detail?: unknown) => void;
}

const OPEN = 1;
type Listener = keyof LiveListener;

export class LiveSocket {
  #opts: Required<Omit<LiveSocketOptions, 'createSocket'>> & Pick<LiveSocketOptions, 'createSocket'>;
  #socket: SocketLike | null = null;
  #listeners = new Set<LiveListener>();
  #subs = new Subscriptions();
  #cursor = new StreamCursor();
  /** this connection's stream epoch (welcome, resumed): every published message on it belongs to it */
  #epoch = '';
  #infos = new QuoteInfoBook();
  #status: ConnectionStatus = { state: 'connecting', retryAt: null, attempt: 0 };
  #watchlist: string[] = [];
  #lastResume: { recovered: boolean; replayed: number } | null = null;
  #stopped = true;
  #ready = false;
  #resumePending = false;
  #flushQueued = false;
  #lastFrameAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #openTimer: ReturnType<typeof setTimeout> | null = null;
  #pingTimer: ReturnType<typeof setInterval> | null = null;

  constructor(options: LiveSocketOptions) {
    this.#opts = {
      now: Date.now,
      random: Math.random,
      backoff: DEFAULT_BACKOFF,
      pingEveryMs: 20_000,
      idleTimeoutMs: 50_000,
      openTimeoutMs: 10_000,
      offlineAfterAttempts: 8,
      isOnline: () => true,
      log: () => {},
      ...options,
    };
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** The server's watchlist, from the last welcome. */
  get watchlist(): readonly string[] {
    return this.#watchlist;
  }

  get position(): StreamPosition | null {
    return this.#cursor.position;
  }

  /** How the last reconnect went (null before any resume). */
  get lastResume(): { recovered: boolean; replayed: number } | null {
    return this.#lastResume;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#clearRetry();
    this.#dropSocket(1000, 'page closed');
  }

  /** Skip the wait (the browser came back online, or the user asked). */
  reconnectNow(): void {
    if (this.#stopped) return;
    if (this.#retryTimer === null) {
      // An attempt still in its handshake may have started while the network was gone, and such a
      // handshake can hang rather than fail: start a fresh one now instead of waiting on it.
      if (this.#openTimer === null) return;
      this.#dropSocket();
    }
    this.#clearRetry();
    this.#connect();
  }

  /**
   * The browser reports the network gone: a socket may linger for a minute before it notices, so
   * drop it now and say offline; `reconnectNow()` (on the browser's online event) ends the wait.
   */
  markOffline(): void {
    if (this.#stopped) return;
    if (this.#socket) {
      this.#dropSocket(4001, 'browser offline');
      this.#scheduleRetry();
    } else {
      this.#setStatus({ ...this.#status, state: 'offline' });
    }
  }

  listen(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reference-counted interest in symbols; returns the matching release. */
  follow(symbols: readonly string[]): () => void {
    const release = this.#subs.follow(symbols);
    this.#queueFlush();
    return () => {
      release();
      this.#queueFlush();
    };
  }

  // ---- connection lifecycle -------------------------------------------------------------------

  #connect(): void {
    this.#ready = false;
    this.#subs.resetSent();
    const attempt = this.#status.attempt;
    this.#setStatus({ state: attempt === 0 ? 'connecting' : this.#failingState(attempt), retryAt: null, attempt });
    let socket: SocketLike;
    try {
      socket = this.#opts.createSocket
        ? this.#opts.createSocket(this.#opts.url)
        : (new WebSocket(this.#opts.url) as unknown as SocketLike);
    } catch (err) {
      this.#opts.log('could not open the live connection', err);
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    this.#openTimer = setTimeout(() => {
      this.#openTimer = null;
      this.#opts.log('live connection handshake timed out; retrying');
      this.#dropSocket();
      if (!this.#stopped) this.#scheduleRetry();
    }, this.#opts.openTimeoutMs);
    socket.onopen = () => {
      this.#clearOpenTimer();
      this.#lastFrameAt = this.#opts.now();
      this.#startPing();
    };
    socket.onmessage = (ev) => {
      if (this.#socket !== socket) return;
      this.#lastFrameAt = this.#opts.now();
      this.#onFrame(typeof ev.data === 'string' ? ev.data : String(ev.data));
    };
    socket.onclose = (ev) => {
      if (this.#socket !== socket) return;
      this.#opts.log(`live connection closed (${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
      this.#dropSocket();
      if (!this.#stopped) this.#scheduleRetry();
    };
    socket.onerror = () => {
      // A close event always follows; retrying is decided there.
    };
  }

  #dropSocket(code?: number, reason?: string): void {
    this.#clearOpenTimer();
    this.#stopPing();
    this.#ready = false;
    const socket = this.#socket;
    this.#socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close(code, reason);
    } catch {
      // already closing
    }
  }

  #scheduleRetry(): void {
    this.#clearRetry();
    const attempt = this.#status.attempt + 1;
    const delay = backoffDelay(attempt, this.#opts.random, this.#opts.backoff);
    this.#setStatus({ state: this.#failingState(attempt), retryAt: this.#opts.now() + delay, attempt });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #failingState(attempt: number): ConnectionState {
    return !this.#opts.isOnline() || attempt >= this.#opts.offlineAfterAttempts ? 'offline' : 'reconnecting';
  }

  #clearOpenTimer(): void {
    if (this.#openTimer !== null) clearTimeout(this.#openTimer);
    this.#openTimer = null;
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #startPing(): void {
    this.#stopPing();
    this.#pingTimer = setInterval(() => {
      if (this.#opts.now() - this.#lastFrameAt > this.#opts.idleTimeoutMs) {
        this.#opts.log('live connection silent for too long; reconnecting');
        this.#dropSocket(4000, 'idle');
        if (!this.#stopped) this.#scheduleRetry();
        return;
      }
      this.#send({ type: 'ping' });
    }, this.#opts.pingEveryMs);
  }

  #stopPing(): void {
    if (this.#pingTimer !== null) clearInterval(this.#pingTimer);
    this.#pingTimer = null;
  }

  // ---- messages -------------------------------------------------------------------------------

  #onFrame(data: string): void {
    const { messages, rejected } = parseFrame(data);
    if (rejected > 0) this.#opts.log(`ignored ${rejected} malformed live message(s)`);
    for (const message of messages) this.#handle(message);
  }

  #handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'welcome': {
        this.#resumePending = this.#cursor.position !== null;
        this.#epoch = msg.epoch;
        this.#cursor.welcome(msg.epoch, msg.offset);
        this.#watchlist = msg.watchlist;
        this.#setStatus({ state: 'live', retryAt: null, attempt: 0 });
        this.#emit('welcome', { epoch: msg.epoch, watchlist: msg.watchlist, serverTimeMs: msg.serverTimeMs });
        this.#ready = true;
        this.#flush();
        return;
      }
      case 'resumed':
        this.#lastResume = { recovered: msg.recovered, replayed: msg.replayed };
        this.#epoch = msg.epoch;
        if (!msg.recovered) {
          this.#cursor.restart(msg.epoch);
          this.#emit('gap');
        }
        return;
      case 'snapshot':
        this.#infos.learn(msg.ticks);
        this.#emit('snapshot', msg.ticks, msg.status);
        return;
      case 'error':
        this.#opts.log(`live server error ${msg.code}: ${msg.message}`);
        this.#emit('error', msg.code, msg.message, msg.symbols ?? []);
        return;
      case 'tick':
      case 'info':
      case 'candle':
      case 'status':
      case 'watchlists':
      case 'alert': {
        const verdict = this.#cursor.accept(this.#epoch, msg.offset);
        if (verdict === 'duplicate') return;
        if (verdict === 'new-epoch') this.#emit('gap');
        if (msg.type === 'tick') this.#emit('tick', this.#infos.complete(msg.tick));
        else if (msg.type === 'info') {
          this.#infos.set(msg.info);
          this.#emit('info', msg.info);
        } else if (msg.type === 'candle') this.#emit('candle', msg.candle);
        else if (msg.type === 'watchlists') this.#emit('watchlists', msg.change);
        else if (msg.type === 'alert') this.#emit('alert', msg.event);
        else this.#emit('sourceStatus', msg.status);
        return;
      }
      default:
        // pong, subscribed, unsubscribed: nothing to do beyond having seen a frame.
        return;
    }
  }

  #queueFlush(): void {
    if (!this.#ready || this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      if (this.#ready) this.#flush();
    });
  }

  /** Brings the server's view of this socket's subscriptions in line with what is followed. */
  #flush(): void {
    const { add, remove } = this.#subs.pending();
    if (add.length > 0) {
      // The server accepts a resume only on a socket's first subscribe.
      const position = this.#resumePending ? this.#cursor.position : null;
      this.#resumePending = false;
      if (this.#send({ type: 'subscribe', symbols: add, ...(position ? { resume: position } : {}) })) {
        this.#subs.markSubscribed(add);
      }
    }
    if (remove.length > 0 && this.#send({ type: 'unsubscribe', symbols: remove })) this.#subs.markUnsubscribed(remove);
  }

  #send(message: ClientMessage): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#emit('status', status);
  }

  #emit<K extends Listener>(event: K, ...args: Parameters<NonNullable<LiveListener[K]>>): void {
    for (const listener of this.#listeners) {
      const fn = listener[event] as ((...a: typeof args) => void) | undefined;
      if (!fn) continue;
      try {
        fn.apply(listener, args);
      } catch (err) {
        this.#opts.log(`live listener for ${event} failed`, err);
      }
    }
  }
}
