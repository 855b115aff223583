// Price alerts for createApp: the engine (evaluation on the polling instance), the webhook deliverer
// and its outbox, and the service behind /api/alerts (routes/alerts.ts).
import type { Tick } from '@tickstream/shared';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import { createAlertEngine, type AlertEngine, type AlertPublisher } from './engine.ts';
import { createAlertService, type AlertService } from './service.ts';
import { createDeliverer, type Deliverer } from './webhook/deliverer.ts';

export interface AlertsDeps {
  config: Pick<Config, 'alerts'>;
  store: Store;
  logger: Logger;
  metrics: Pick<Metrics, 'alertsFired' | 'alertDeliveries'>;
  now: () => number;
}

export interface AlertsParts {
  publisher: AlertPublisher;
  latestTicks: () => ReadonlyMap<string, Tick>;
  isLeader: () => boolean;
  syncSymbols: () => Promise<unknown>;
}

export interface Alerts {
  readonly engine: AlertEngine;
  readonly deliverer: Deliverer;
  readonly service: AlertService;
  start(): void;
  stop(): Promise<void>;
}

export function createAlerts(ctx: AlertsDeps, parts: AlertsParts): Alerts {
  const logger = ctx.logger.child({ module: 'alerts' });
  const deliverer = createDeliverer({
    store: ctx.store,
    logger,
    now: ctx.now,
    secret: ctx.config.alerts.webhookSecret,
    isLeader: parts.isLeader,
    onAttempt: (outcome) => ctx.metrics.alertDeliveries.inc({ outcome }),
  });
  const engine = createAlertEngine({
    store: ctx.store,
    logger,
    now: ctx.now,
    config: ctx.config,
    publisher: parts.publisher,
    deliverer,
    isLeader: parts.isLeader,
    onFired: () => ctx.metrics.alertsFired.inc(),
  });
  const service = createAlertService({
    store: ctx.store,
    logger,
    now: ctx.now,
    config: ctx.config,
    latestTicks: parts.latestTicks,
    engine,
    deliverer,
    syncSymbols: parts.syncSymbols,
  });
  return {
    engine,
    deliverer,
    service,
    start() {
      engine.start();
      deliverer.start();
    },
    async stop() {
      await engine.stop();
      await deliverer.stop();
    },
  };
}
