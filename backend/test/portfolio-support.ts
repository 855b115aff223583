// Test parts for the portfolio suites: an in-memory store, fake poller and live, and an HTTP
// harness that mounts the real portfolio router + error handler on a random port.
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import type { SourceStatus, Tick } from '@tickstream/shared';
import type { Context } from '../src/app.ts';
import type { Bus } from '../src/bus/types.ts';
import { errorHandler, notFoundHandler } from '../src/http/middleware.ts';
import type { Live } from '../src/live/types.ts';
import { createMetrics } from '../src/metrics.ts';
import type { Poller } from '../src/poller/types.ts';
import { createPortfolioRouter } from '../src/portfolio/routes.ts';
import type { QuoteSource } from '../src/sources/types.ts';
import type { Holding, HoldingRepository, Store } from '../src/store/types.ts';
import { makeHolding, makeTick } from './fixtures/factories.ts';
import { noAlerts } from './fixtures/no-alerts.ts';
import { noDailyBars } from './fixtures/no-daily-bars.ts';
import { checkContract } from './support/contract.ts';
import { testConfig } from './support/services.ts';
import { fakeViewedSymbolRepository, fakeWatchlistRepository } from './fixtures/fake-watchlists.ts';
import { createSymbolRegistry, type SymbolRegistry } from '../src/symbols/registry.ts';
import { envProvider, holdingsProvider } from '../src/symbols/providers.ts';
import { plainSourceParts } from './fixtures/factories.ts';

export const NOW_MS = Date.UTC(2025, 1, 3, 15, 0, 0);
export const NOW_S = NOW_MS / 1000;

export function tick(symbol: string, price: number, over: Partial<Tick> = {}): Tick {
  return makeTick({ symbol, time: NOW_S - 10, price, ...over });
}

export function fakeHoldingRepository(): HoldingRepository {
  const rows = new Map<number, Holding>();
  let nextId = 1;
  const stamp = () => Math.floor(NOW_MS / 1000);
  return {
    async list() {
      return [...rows.values()].sort((a, b) => a.id - b.id);
    },
    async get(id) {
      return rows.get(id) ?? null;
    },
    async create(h) {
      const row = makeHolding({ ...h, id: nextId++, note: h.note ?? null, acquiredOn: h.acquiredOn ?? null, createdAt: stamp(), updatedAt: stamp() });
      rows.set(row.id, row);
      return row;
    },
    async update(id, patch) {
      const row = rows.get(id);
      if (!row) return null;
      const next = { ...row, ...patch, updatedAt: stamp() } as Holding;
      rows.set(id, next);
      return next;
    },
    async remove(id) {
      return rows.delete(id);
    },
    async count() {
      return rows.size;
    },
  };
}

/** Just enough Store for the portfolio: holdings, ticks.latest and the seeding lock. */
export function fakeStore(): Store {
  const ticks = new Map<string, Tick>();
  const held = new Set<string>();
  return {
    kind: 'pglite',
    timescale: false,
    holdings: fakeHoldingRepository(),
    watchlists: fakeWatchlistRepository(),
    viewedSymbols: fakeViewedSymbolRepository(),
    alerts: noAlerts(),
    dailyBars: noDailyBars(),
    ticks: {
      async insertMany(list) {
        for (const t of list) ticks.set(t.symbol, t);
        return [...list];
      },
      async latest(symbols) {
        return symbols.flatMap((s) => (ticks.has(s) ? [ticks.get(s) as Tick] : []));
      },
      async since() {
        return [];
      },
    },
    candles: {
      async upsertMany() {
        return [];
      },
      async settle() {},
      async history() {
        return [];
      },
      async lastBuckets() {
        return new Map();
      },
    },
    async tryLead(name) {
      if (held.has(name)) return null;
      held.add(name);
      return { lost: new Promise<void>(() => {}), release: async () => void held.delete(name) };
    },
    async ping() {},
    async close() {},
  };
}

export function fakePoller(initial: readonly string[], status: Partial<SourceStatus> = {}): Poller & { setCalls: string[][] } {
  let symbols = [...initial];
  const setCalls: string[][] = [];
  return {
    setCalls,
    start() {},
    async stop() {},
    status: () => ({
      state: 'ok', source: 'simulated', lastSuccessAtMs: null, lastError: null, nextAttemptAtMs: null, stale: false,
      symbolErrors: {}, backfill: { done: 0, total: 0, running: false }, ...status,
    }),
    isLeader: () => true,
    setSymbols(next) {
      symbols = [...next];
      setCalls.push([...next]);
    },
    symbols: () => symbols,
    pendingWrites: () => 0,
  };
}

export function fakeLive(): Live & { ticks: Map<string, Tick> } {
  const ticks = new Map<string, Tick>();
  return {
    ticks,
    publisher: { async publish() {} },
    async publishWatchlists() {},
    followedSymbols: () => new Set(),
    async publishAlert() {},
    stream: (_req, res) => void res.status(404).end(),
    attach() {},
    latestTicks: () => ticks,
    async delivered() {},
    async close() {},
  };
}

export function testContext(store: Store, env: Record<string, string> = {}): Context {
  return {
    config: testConfig({ WATCHLIST: 'AAPL,MSFT', ...env }),
    store,
    source: {} as QuoteSource,
    bus: {} as Bus,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    now: () => NOW_MS,
  };
}

/** The app's symbol registry over the WATCHLIST and holdings providers (what the portfolio feeds). */
export function portfolioRegistry(ctx: Context, poller: Pick<Poller, 'symbols' | 'setSymbols'>): SymbolRegistry {
  return createSymbolRegistry({
    providers: [envProvider(ctx.config.watchlist), holdingsProvider(ctx.store)],
    poller,
    source: plainSourceParts,
    store: ctx.store,
    followed: () => [],
    logger: ctx.logger,
    now: ctx.now,
    config: ctx.config,
    everyMs: Math.min(60_000, Math.max(5_000, ctx.config.poll.intervalMs)),
  });
}

export interface Harness {
  url: string;
  ctx: Context;
  poller: ReturnType<typeof fakePoller>;
  live: ReturnType<typeof fakeLive>;
  /** fetch with JSON body helpers; the Origin header is left out unless given */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(store: Store, env: Record<string, string> = {}): Promise<Harness> {
  const ctx = testContext(store, env);
  const poller = fakePoller(ctx.config.watchlist);
  const live = fakeLive();
  const app = express();
  app.use('/api', createPortfolioRouter(ctx, { poller, live, symbols: portfolioRegistry(ctx, poller) }));
  app.use('/api', notFoundHandler);
  app.use(errorHandler(ctx.logger));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, ctx, poller, live,
    async send(method, path, body, headers = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      checkContract({ method, path, status: res.status, contentType: res.headers.get('content-type') ?? '', body: text });
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null, headers: res.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
