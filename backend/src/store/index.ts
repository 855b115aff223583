// STUB (storage helper replaces): opens PGlite (DATA_DIR) or node-postgres (DATABASE_URL), runs migrations.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from './types.ts';

export async function openStore(_config: Config['db'], _logger: Logger): Promise<Store> {
  throw new Error('not implemented');
}
