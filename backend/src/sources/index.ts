// STUB (market-data helper replaces)
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { QuoteSource } from './types.ts';

export function createSource(_config: Config['source'], _logger: Logger): QuoteSource {
  throw new Error('not implemented');
}
