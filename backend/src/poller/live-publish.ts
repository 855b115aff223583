// Hands updates to live delivery without ever rejecting: a failure is logged once until delivery
// accepts updates again (the poll loop must go on; the store keeps what live delivery missed).
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { MarketPublisher, MarketUpdate } from './types.ts';

export function createLivePublish(publisher: MarketPublisher, logger: Logger): (update: MarketUpdate) => Promise<void> {
  let failing = false;
  return async (update) => {
    try {
      await publisher.publish(update);
      if (failing) logger.info('live delivery accepts updates again');
      failing = false;
    } catch (err) {
      if (!failing) logger.warn({ err: errorMessage(err) }, 'publishing to live delivery failed (logged once until it recovers)');
      failing = true;
    }
  };
}
