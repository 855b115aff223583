// What the portfolio module needs from the app, and no more: createApp hands it these parts.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';

export interface PortfolioDeps {
  config: Pick<Config, 'watchlist' | 'poll' | 'http' | 'portfolioSeed'>;
  store: Store;
  logger: Logger;
  /** unix ms */
  now: () => number;
}

