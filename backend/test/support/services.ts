// Real services for integration tests. Locally a missing service skips its suites;
// under CI=true a missing service fails the run instead of silently skipping it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config.ts';

const inCi = process.env.CI === 'true';

type ServiceVariable =
  | 'TEST_DATABASE_URL'
  | 'TEST_REDIS_URL'
  | 'TEST_TIMESCALE_URL'
  | 'TEST_TIMESCALE_NOT_PRELOADED_URL';

function service(name: ServiceVariable): string | undefined {
  const value = process.env[name];
  if (!value && inCi) throw new Error(`${name} is not set: CI requires the real service for integration tests`);
  return value || undefined;
}

export const TEST_DATABASE_URL = service('TEST_DATABASE_URL');
export const TEST_REDIS_URL = service('TEST_REDIS_URL');
/** TimescaleDB 2.22.1 server with the extension preloaded (`../shared/timescaledb/start`). */
export const TEST_TIMESCALE_URL = service('TEST_TIMESCALE_URL');
/** The same TimescaleDB build installed but not in shared_preload_libraries (`start not-preloaded`). */
export const TEST_TIMESCALE_NOT_PRELOADED_URL = service('TEST_TIMESCALE_NOT_PRELOADED_URL');

/**
 * A fresh database per suite, so suites can run in parallel: on the plain PostgreSQL test server,
 * or on `server` (e.g. TEST_TIMESCALE_URL).
 */
export async function createTestDatabase(
  server: string | undefined = TEST_DATABASE_URL,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!server) throw new Error('no test database server is set');
  const name = `tickstream_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A unique Redis key/channel prefix per suite. */
export function testRedisPrefix(): string {
  return `tickstream-test-${randomBytes(6).toString('hex')}`;
}

/** Config as the app would parse it, from env-style overrides (defaults otherwise). */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ QUOTE_SOURCE: 'simulated', PORT: '0', LOG_LEVEL: 'silent', ...env });
}
