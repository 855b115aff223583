// What both live transports (WebSocket, SSE) read from the app: their limits, metrics and log.
import type { Config } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../metrics.ts';

export interface TransportDeps {
  config: Pick<Config, 'http' | 'ws'>;
  metrics: Metrics;
  logger: Logger;
  /** unix ms */
  now: () => number;
}
