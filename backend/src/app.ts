// The one place dependencies are wired. Tests call createApp with real or fake parts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Config } from './config.ts';
import type { Store } from './store/types.ts';
import type { QuoteSource } from './sources/types.ts';
import type { Bus } from './bus/types.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createPoller } from './poller/index.ts';
import { createLive } from './live/index.ts';
import { createPortfolioLifecycle } from './portfolio/index.ts';
import { syncPolledSymbols } from './portfolio/sync.ts';
import { createAlerts, type Alerts } from './alerts/index.ts';
import { errorHandler, requestMetrics } from './http/middleware.ts';
import { createRoutes } from './routes/index.ts';
import { hostGuard } from './http/host-guard.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { Poller } from './poller/types.ts';
import type { Live } from './live/types.ts';
import pino from 'pino';

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
  readonly alerts: Alerts;
  readonly context: Context;
  /** Listens on config.http (or the given port), starts the poller; resolves with the bound address. */
  listen(port?: number): Promise<AddressInfo>;
  /** Graceful stop: poller, live clients, HTTP server. Does not close the store or bus (the caller owns them). */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): App {
  const context: Context = {
    config: deps.config,
    store: deps.store,
    source: deps.source,
    bus: deps.bus,
    logger: deps.logger ?? pino({ level: 'silent' }),
    metrics: deps.metrics ?? createMetrics(),
    now: deps.now ?? Date.now,
  };
  // Snapshots carry the poller's current status; it is read only once clients connect, after both exist.
  const live = createLive({ ...context, sourceStatus: () => poller.status() });
  // The poll's new ticks go to live delivery and to alert evaluation (which runs where the poll does).
  const poller = createPoller(context, {
    publish(update) {
      if (update.ticks.length > 0) void alerts.engine.onTicks(update.ticks);
      return live.publisher.publish(update);
    },
  });
  const portfolio = createPortfolioLifecycle(context, poller);
  const alerts = createAlerts(context, {
    publisher: live,
    latestTicks: live.latestTicks,
    isLeader: () => poller.isLeader(),
    syncSymbols: () => syncPolledSymbols(context, poller),
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', context.config.http.trustProxy);
  app.use(securityHeaders());
  app.use(requestMetrics(context.metrics));
  app.use(hostGuard(context.config.http));
  app.use(createRoutes(context, { poller, live, alerts: alerts.service }));
  if (deps.frontend) app.use(deps.frontend);
  app.use(errorHandler(context.logger));

  const server = createServer(app);
  live.attach(server);

  return {
    server,
    express: app,
    poller,
    live,
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
      await portfolio.start(); // seeds PORTFOLIO and adds held symbols before the first poll
      alerts.start();
      poller.start();
      return server.address() as AddressInfo;
    },
    async close() {
      portfolio.stop();
      await poller.stop();
      await alerts.stop();
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
