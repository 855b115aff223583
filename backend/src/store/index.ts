// Opens the configured store: PGlite in DATA_DIR when DATABASE_URL is unset, else the PostgreSQL
// server. Either way migrations are applied before the store is returned.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from './types.ts';
import { StoreError } from './errors.ts';
import { openPgliteStore } from './pglite.ts';
import { openPostgresStore } from './postgres.ts';
import { diagnoseStartupError } from './diagnose.ts';

export { StoreError, toStoreError } from './errors.ts';
export { openPgliteStore, type PgliteLike, type PgliteStoreOptions } from './pglite.ts';
export { openPostgresStore, type PostgresStoreOptions } from './postgres.ts';
export { DatabaseStartupError, diagnoseStartupError } from './diagnose.ts';
export type * from './types.ts';

/** How long start-up keeps retrying an unreachable server (e.g. compose starting both at once). */
const STARTUP_RETRY_MS = 30_000;
const RETRY_DELAY_MS = 1_000;

/**
 * Opens the store; a server that fails to open rejects with one line naming the cause and the fix
 * (diagnose.ts). `retryMs` (tests) shortens how long an unreachable server is waited for.
 */
export async function openStore(config: Config['db'], logger: Logger, opts: { retryMs?: number } = {}): Promise<Store> {
  const url = config.url;
  if (!url) {
    logger.info({ dataDir: config.dataDir }, 'using the embedded database (PGlite)');
    return openPgliteStore({ dataDir: config.dataDir, logger });
  }
  const giveUpAt = Date.now() + (opts.retryMs ?? STARTUP_RETRY_MS);
  for (;;) {
    try {
      return await openPostgresStore(url, { logger });
    } catch (err) {
      const retryable = err instanceof StoreError && err.code === 'STORE_UNAVAILABLE';
      if (!retryable || Date.now() >= giveUpAt) throw diagnoseStartupError(err, url);
      logger.warn({ err: err.message }, 'database not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
  }
}
