// Opens the configured store: PGlite in DATA_DIR when DATABASE_URL is unset, else the PostgreSQL
// server. Either way migrations are applied before the store is returned.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from './types.ts';
import { StoreError } from './errors.ts';
import type { PgliteStoreOptions } from './pglite.ts';
import type { PostgresStoreOptions } from './postgres.ts';
import { diagnoseStartupError } from './diagnose.ts';

export { StoreError, toStoreError } from './errors.ts';
export type { PgliteLike, PgliteStoreOptions } from './pglite.ts';
export type { PostgresStoreOptions } from './postgres.ts';
export { DatabaseStartupError, diagnoseStartupError } from './diagnose.ts';
export type * from './types.ts';

// Each driver is loaded when it is opened, so a process holds only the one it uses: PGlite's module
// and drizzle's pglite adapter stay out of memory against a server, pg's with the embedded database.

/** The embedded database (PGlite) in `opts.dataDir`, or in memory. */
export async function openPgliteStore(opts: PgliteStoreOptions = {}): Promise<Store> {
  return (await import('./pglite.ts')).openPgliteStore(opts);
}

/** A PostgreSQL (or TimescaleDB) server. */
export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  return (await import('./postgres.ts')).openPostgresStore(url, opts);
}

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
