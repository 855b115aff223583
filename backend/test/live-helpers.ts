// Shared by the live delivery tests: an app over a real (embedded) store without the poller, so
// the test is the only publisher, and WebSocket / SSE clients that record what arrives.
import pino from 'pino';
import WebSocket from 'ws';
import type { PublishedMessage, QuoteInfo, ServerMessage, SourceStatus, SymbolCandle, Tick } from '@tickstream/shared';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import type { Bus } from '../src/bus/types.ts';
import type { QuoteSource } from '../src/sources/types.ts';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { makeCandle, makeTick, plainSourceParts } from './fixtures/factories.ts';
import { testConfig } from './support/services.ts';

export const silentSource: QuoteSource = {
  name: 'simulated',
  ...plainSourceParts,
  fetchQuotes: async () => ({ ticks: [], problems: [] }),
  fetchBars: async () => [],
};

export function tick(symbol: string, time: number, price = 100): Tick {
  return makeTick({ symbol, time, price });
}

/** A quote info message of about `bytes` bytes (ticks carry only short numbers, so big messages are infos). */
export function paddedInfo(symbol: string, bytes: number): QuoteInfo {
  return { symbol, previousClose: 100, currency: 'x'.repeat(bytes), source: 'test' };
}

export function candle(symbol: string, time: number, close = 100): SymbolCandle {
  return makeCandle({ symbol, time, close });
}

export function status(state: SourceStatus['state'] = 'ok'): SourceStatus {
  return {
    state,
    source: 'simulated',
    lastSuccessAtMs: null,
    lastError: null,
    nextAttemptAtMs: null,
    stale: false,
    symbolErrors: {},
    backfill: { done: 0, total: 0, running: false },
  };
}

export interface LiveApp {
  app: App;
  bus: Bus;
  store: Store;
  port: number;
  wsUrl: string;
  httpUrl: string;
  close(): Promise<void>;
}

/** The app listening on a random port, poller not started: only the test publishes. */
export async function startLiveApp(env: Record<string, string> = {}, shared: { store?: Store; bus?: Bus } = {}): Promise<LiveApp> {
  const config = testConfig(env);
  const logger = pino({ level: 'silent' });
  const store = shared.store ?? (await openMemoryStore());
  const bus = shared.bus ?? (await createBus(config.redis, logger));
  const app = createApp({ config, store, source: silentSource, bus, logger });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    bus,
    store,
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      if (!shared.bus) await bus.close();
      if (!shared.store) await store.close();
    },
  };
}

export interface Recorded {
  message: ServerMessage;
  frame: number;
}

export interface TestClient {
  ws: WebSocket;
  received: Recorded[];
  frames: number;
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
  /** Resolves with the first recorded message (from `from` on) matching, or rejects after `ms`. */
  next<T extends ServerMessage['type']>(type: T, ms?: number, predicate?: (m: Extract<ServerMessage, { type: T }>) => boolean): Promise<Extract<ServerMessage, { type: T }>>;
  /** Published messages (tick/candle/status/alert) received so far. */
  published(): PublishedMessage[];
  /** The connection's stream epoch (its welcome's, or its resumed's): published messages do not repeat it. */
  epoch(): string;
  close(): Promise<void>;
}

export async function connect(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, opts);
  const received: Recorded[] = [];
  const waiters = new Set<() => void>();
  let frames = 0;
  ws.on('message', (data) => {
    frames++;
    const parsed = JSON.parse(String(data)) as ServerMessage | ServerMessage[];
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) received.push({ message, frame: frames });
    for (const w of waiters) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const client: TestClient = {
    ws,
    received,
    get frames() {
      return frames;
    },
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next(type, ms = 3000, predicate = () => true) {
      type M = Extract<ServerMessage, { type: typeof type }>;
      const find = () => received.find((r) => r.message.type === type && predicate(r.message as M))?.message as M | undefined;
      return new Promise((resolve, reject) => {
        const hit = find();
        if (hit) return resolve(hit);
        const check = () => {
          const m = find();
          if (!m) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} message within ${ms} ms; got ${received.map((r) => r.message.type).join(',')}`));
        }, ms);
        waiters.add(check);
      });
    },
    published: () =>
      received
        .map((r) => r.message)
        .filter((m): m is PublishedMessage => m.type === 'tick' || m.type === 'info' || m.type === 'candle' || m.type === 'status' || m.type === 'alert'),
    epoch() {
      for (let i = received.length - 1; i >= 0; i--) {
        const m = (received[i] as Recorded).message;
        if (m.type === 'welcome' || m.type === 'resumed') return m.epoch;
      }
      throw new Error('no welcome yet');
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return client;
}

let endMarkers = 0;

/**
 * A positive end marker, instead of sleeping and hoping nothing more arrives: resolves once everything
 * the server sent on this connection before it has arrived. An `unsubscribe` (of a symbol the client
 * does not follow) runs only after every request sent before it, a resume and its backlog flush
 * included, and a ping is answered at once; both replies travel behind what was written before them.
 */
export async function settled(c: TestClient, ms = 3000): Promise<void> {
  const id = ++endMarkers;
  const marker = `END-MARKER-${id}`;
  c.send({ type: 'unsubscribe', symbols: [marker] });
  c.send({ type: 'ping', id: marker });
  await Promise.all([c.next('unsubscribed', ms, (m) => m.symbols.includes(marker)), c.next('pong', ms, (m) => m.id === marker)]);
}

/** Polls `check` until it returns true (for effects with no message to wait on). */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
