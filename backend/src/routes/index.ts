// Every route of the app is mounted here, so this one file lists them: /metrics, the live SSE stream,
// the REST API (history, quotes, health: their thin handlers sit beside this file), the API reference
// (reference.ts: /api/openapi.json, /api/asyncapi.json, /api/docs) and the portfolio
// (its handlers sit beside its service), and the price alerts (alerts.ts). The WebSocket endpoint is an upgrade, not a route: live
// attaches it to the server (live/transports/ws-gateway.ts). Express plumbing shared by every route
// (guards, body parsing, error responses) is http/, which imports no feature.
import { Router } from 'express';
import type { Live } from '../live/types.ts';
import type { Metrics } from '../metrics.ts';
import type { Poller } from '../poller/types.ts';
import type { PortfolioDeps } from '../portfolio/deps.ts';
import { createPortfolioRouter } from '../portfolio/routes.ts';
import { healthRouter } from './health.ts';
import { historyRouter } from './history.ts';
import { notFoundHandler } from '../http/middleware.ts';
import { quotesRouter, type ReadQuotes } from './quotes.ts';
import { referenceRouter } from './reference.ts';
import { searchRouter } from './search.ts';
import type { SearchService } from '../search/service.ts';
import type { SymbolRegistry } from '../symbols/registry.ts';
import { createWatchlistRouter } from '../watchlists/routes.ts';
import type { WatchlistService } from '../watchlists/service.ts';
import type { HistoryDeps, HistoryService } from '../history/service.ts';
import { alertsRouter } from './alerts.ts';
import type { AlertService } from '../alerts/service.ts';

export interface RoutesDeps extends PortfolioDeps {
  metrics: Pick<Metrics, 'registry'>;
}

export interface RouteParts {
  poller: Pick<Poller, 'symbols' | 'setSymbols' | 'status' | 'pendingWrites' | 'isLeader'>;
  live: Pick<Live, 'latestTicks' | 'stream'>;
  symbols: Pick<SymbolRegistry, 'refresh' | 'admit'>;
  watchlists: WatchlistService;
  search: SearchService;
  /** history of symbols in no list: see HistoryDeps.follow */
  follow: HistoryDeps['follow'];
  /** /api/history's reads (app.ts shares it with the symbol page, which renders the first window) */
  history: HistoryService;
  /** /api/quotes' read (app.ts shares it with the watchlist page, which renders the first prices) */
  quotes: ReadQuotes;
  alerts: AlertService;
}

export function createRoutes(deps: RoutesDeps, parts: RouteParts): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  const api = Router();
  api.get('/stream', parts.live.stream);
  api.use(historyRouter(parts.history));
  api.use(searchRouter(parts.search));
  api.use(createWatchlistRouter(parts.watchlists, { apiToken: deps.config.http.apiToken, allowedOrigins: deps.config.http.allowedOrigins }));
  api.use(quotesRouter(parts.quotes));
  api.use(healthRouter(deps, parts));
  api.use(createPortfolioRouter(deps, parts));
  api.use(alertsRouter(parts.alerts, { apiToken: deps.config.http.apiToken, allowedOrigins: deps.config.http.allowedOrigins }));
  api.use(referenceRouter());
  api.use(notFoundHandler);
  router.use('/api', api);
  return router;
}
