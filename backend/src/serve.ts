// The server process: parse config, open the real parts, serve, stop cleanly on SIGTERM/SIGINT.
// Started by main.ts, once the module hooks are in place.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { openStore } from './store/index.ts';
import { createSource } from './sources/index.ts';
import { createBus } from './bus/index.ts';
import { createApp } from './app.ts';
import { AppError } from './errors.ts';
import { warnIfWritesOpen } from './http/exposure.ts';

const FRONTEND_HANDLER = fileURLToPath(new URL('../../frontend/build/handler.js', import.meta.url));
const SHUTDOWN_GRACE_MS = 10_000;

async function loadFrontend(): Promise<RequestHandler | undefined> {
  if (!existsSync(FRONTEND_HANDLER)) return undefined;
  const mod = (await import(pathToFileURL(FRONTEND_HANDLER).href)) as { handler: RequestHandler };
  return mod.handler;
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Invalid configuration:\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.log);
  const metrics = createMetrics({ defaultMetrics: true });
  const store = await openStore(config.db, logger);
  const bus = await createBus(config.redis, logger);
  const source = createSource(config.source, logger, { metrics });
  const frontend = await loadFrontend();
  if (!frontend) logger.warn('frontend/build not found: serving the API only (run `npm run build`)');

  const app = createApp({ config, store, source, bus, logger, metrics, gc: globalThis.gc, ...(frontend ? { frontend } : {}) });
  const address = await app.listen();
  logger.info(
    { store: store.kind, timescale: store.timescale, source: source.name, bus: bus.kind, watchlist: config.watchlist },
    `Tickstream listening on http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${address.port}`,
  );
  warnIfWritesOpen(config.http, address, logger);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await app.close();
      await bus.close();
      await store.close();
      logger.info('stopped cleanly');
      logger.flush();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Expected start-up failures get one readable line; anything else keeps its stack for debugging. */
function describeStartupError(err: unknown): string {
  if (err instanceof AppError) return `${err.message} (${err.code})`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `${(err as Error).message}: another process uses this HOST/PORT; stop it or set PORT`;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

main().catch((err: unknown) => {
  process.stderr.write(`Tickstream failed to start: ${describeStartupError(err)}\n`);
  process.exit(1);
});
