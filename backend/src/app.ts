// The one place dependencies are wired. Tests call createApp with real or fake parts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Config } from './config.ts';
import type { Store } from './store/types.ts';
import { RECENT_CANDLES, withRecentCandles } from './store/recent-candles.ts';
import type { QuoteSource } from './sources/types.ts';
import type { Bus } from './bus/types.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createPoller } from './poller/index.ts';
import { createLive } from './live/index.ts';
import { createPortfolioLifecycle } from './portfolio/index.ts';
import { createAlerts, type Alerts } from './alerts/index.ts';
import { errorHandler, requestMetrics } from './http/middleware.ts';
import { createRoutes } from './routes/index.ts';
import { createHistoryService } from './history/service.ts';
import { pageRequests } from './routes/page-reads.ts';
import { quotesReader } from './routes/quotes.ts';
import { hostGuard } from './http/host-guard.ts';
import { securityHeaders } from './http/security-headers.ts';
import { responseCompression } from './http/compression.ts';
import type { Poller } from './poller/types.ts';
import type { Live } from './live/types.ts';
import pino from 'pino';
import { createSearchService } from './search/service.ts';
import { createFollow } from './symbols/follow.ts';
import { alertsProvider, envProvider, holdingsProvider, viewedProvider, watchlistsProvider } from './symbols/providers.ts';
import { createSymbolRegistry, type SymbolRegistry } from './symbols/registry.ts';
import { createWatchlistService } from './watchlists/service.ts';
import { startHeapTrim, type HeapTrimDeps } from './heap-trim.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  source: QuoteSource;
  bus: Bus;
  logger?: Logger;
  metrics?: Metrics;
  /** unix ms; tests pass a fake clock */
  now?: () => number;
  /** SvelteKit adapter-node handler, mounted after the API routes */
  frontend?: RequestHandler;
  /** V8's collector (node's --expose-gc): the heap is trimmed once bulk work ends (heap-trim.ts) */
  gc?: HeapTrimDeps['gc'];
}

/** What every module receives: the deps with defaults filled in. */
export interface Context {
  config: Config;
  store: Store;
  source: QuoteSource;
  bus: Bus;
  logger: Logger;
  metrics: Metrics;
  now: () => number;
}

export interface App {
  readonly server: Server;
  readonly express: express.Express;
  readonly poller: Poller;
  readonly live: Live;
  readonly symbols: SymbolRegistry;
  readonly alerts: Alerts;
  readonly context: Context;
  /** Listens on config.http (or the given port), starts the poller; resolves with the bound address. */
  listen(port?: number): Promise<AddressInfo>;
  /** Graceful stop: poller, live clients, HTTP server. Does not close the store or bus (the caller owns them). */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): App {
  const now = deps.now ?? Date.now;
  // Every candle write goes through the poll leader's store: while leading, its recent bars are served from memory.
  const candles = withRecentCandles(deps.store.candles, { ...RECENT_CANDLES, now, isWriter: () => poller.isLeader() });
  const context: Context = {
    config: deps.config,
    store: { ...deps.store, candles },
    source: deps.source,
    bus: deps.bus,
    logger: deps.logger ?? pino({ level: 'silent' }),
    metrics: deps.metrics ?? createMetrics(),
    now,
  };
  const { config, store } = context;
  // Snapshots carry the poller's current status; it is read only once clients connect, after both exist.
  // Live clients viewing a symbol in no list and a watchlist change on any instance reach the registry.
  const live = createLive({
    ...context,
    sourceStatus: () => poller.status(),
    admit: (symbols) => follow.live(symbols),
    onWatchlists: () => void symbols.refresh().catch(() => undefined),
  });
  // The poll's new ticks go to live delivery and to alert evaluation (which runs where the poll does).
  const poller = createPoller(context, {
    publish(update) {
      if (update.ticks.length > 0) void alerts.engine.onTicks(update.ticks);
      return live.publisher.publish(update);
    },
  });
  const portfolio = createPortfolioLifecycle(context);
  // The followed symbols: one provider per source of them.
  const symbols = createSymbolRegistry({
    providers: [
      envProvider(config.watchlist),
      watchlistsProvider(store),
      holdingsProvider(store),
      alertsProvider(store),
      viewedProvider(store, context.now),
    ],
    poller,
    source: context.source,
    store,
    followed: () => live.followedSymbols(),
    logger: context.logger,
    now: context.now,
    config,
    // About once a poll (5-60 s): changes made through another instance reach the one that polls.
    everyMs: Math.min(60_000, Math.max(5_000, config.poll.intervalMs)),
  });
  const follow = createFollow({ registry: symbols, poller, backfillDays: config.poll.backfillDays, maxSymbols: config.symbols.max });
  const watchlists = createWatchlistService({ ...context, registry: symbols, publish: (change) => live.publishWatchlists(change) });
  const search = createSearchService({ ...context, config: config.search });
  const alerts = createAlerts(context, {
    publisher: live,
    latestTicks: live.latestTicks,
    isLeader: () => poller.isLeader(),
    syncSymbols: () => symbols.refresh(),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', context.config.http.trustProxy);
  app.use(securityHeaders());
  app.use(requestMetrics(context.metrics));
  app.use(hostGuard(context.config.http));
  app.use(responseCompression());
  const followHistory = (symbol: string) => follow.history(symbol);
  const history = createHistoryService({ store, now: context.now, maxRows: config.http.historyMaxRows, follow: followHistory });
  const quotes = quotesReader(context, { poller, live });
  app.use(createRoutes(context, { poller, live, symbols, watchlists, search, alerts: alerts.service, follow: followHistory, history, quotes }));
  if (deps.frontend) {
    app.use(pageRequests(symbols, { history, quotes, watchlists }));
    app.use(deps.frontend);
  }
  app.use(errorHandler(context.logger));

  const server = createServer(app);
  live.attach(server);
  let stopTrim = (): void => undefined;

  return {
    server,
    express: app,
    poller,
    live,
    symbols,
    alerts,
    context,
    async listen(port = context.config.http.port) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, context.config.http.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      await portfolio.start(); // seeds PORTFOLIO before the first read of the followed symbols
      await symbols.start(); // lists, holdings, alerts, viewed symbols: followed from the first poll
      alerts.start();
      poller.start();
      stopTrim = startHeapTrim({
        gc: deps.gc,
        busy: () => {
          const { backfill, dailyHistory } = poller.status();
          return backfill.running || dailyHistory?.running === true;
        },
        onTrim: (ms) => context.logger.debug({ ms: Math.round(ms) }, 'heap trimmed after bulk work'),
      });
      return server.address() as AddressInfo;
    },
    async close() {
      stopTrim();
      symbols.stop();
      await poller.stop();
      await alerts.stop();
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
