// Server driver: a node-postgres pool. Idle-connection errors are logged, never thrown (a restarted
// or unreachable server must not crash the process); broken connections are dropped by the pool
// and new ones are made on demand, so the store recovers by itself when the server returns.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import pino from 'pino';
import type { Logger } from '../logger.ts';
import type { Store } from './types.ts';
import type { Db } from './db.ts';
import { guard, toStoreError, STORE_TIMEOUT } from './errors.ts';
import { rejectAfter } from '../timeouts.ts';
import { migrate, timescaleActive, timescaleReason, type MigrationFile, type MigrationSession } from './migrate.ts';
import { assembleStore } from './assemble.ts';
import { tryLeadOn } from './leader.ts';
import { clientConfig } from './connection.ts';
import { lockKey } from './lock.ts';

export interface PostgresStoreOptions {
  logger?: Logger;
  /** pool size (default 10) */
  maxConnections?: number;
  /** Test hook: migrations to apply instead of /migrations. */
  migrations?: MigrationFile[];
}

/** Client-side cap per query: a silently cut network fails queries instead of hanging them. */
const QUERY_TIMEOUT_MS = 30_000;
const PING_TIMEOUT_MS = 3_000;
const PROBE_LOCK = lockKey('privilege-probe');

function sessionOf(client: pg.Client): MigrationSession {
  const warnings: string[] = [];
  client.on('notice', (n) => {
    if (n.severity === 'WARNING') warnings.push(n.message ?? '');
  });
  return {
    takeWarnings: () => warnings.splice(0),
    async exec(text) {
      await client.query(text);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as T[];
    },
  };
}

async function runMigrations(url: string, logger: Logger, files: MigrationFile[] | undefined): Promise<{ timescale: boolean; reason?: string }> {
  const client = new pg.Client(clientConfig(url, 'tickstream-migrate'));
  client.on('error', (err) => logger.warn({ err }, 'migration connection failed'));
  await client.connect();
  try {
    const session = sessionOf(client);
    // The poller's leadership needs pg_try_advisory_lock too: a role without it fails here, at
    // start-up, with the privilege named (diagnose.ts), rather than in the first poll.
    await session.query('SELECT CASE WHEN pg_try_advisory_lock($1::int8) THEN pg_advisory_unlock($1::int8) END', [PROBE_LOCK]);
    const result = await migrate(session, logger, files);
    const timescale = await timescaleActive(session);
    const reason = timescale ? undefined : timescaleReason(result);
    return { timescale, ...(reason ? { reason } : {}) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openPostgresStore(url: string, opts: PostgresStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  let prepared: { timescale: boolean; reason?: string };
  try {
    prepared = await runMigrations(url, logger, opts.migrations);
  } catch (err) {
    throw toStoreError(err, 'prepare database');
  }

  const pool = new pg.Pool({
    ...clientConfig(url, 'tickstream'),
    max: opts.maxConnections ?? 10,
    idleTimeoutMillis: 30_000,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  pool.on('error', (err) => logger.warn({ err }, 'idle database connection failed; it will be replaced'));
  const db = drizzle({ client: pool }) as unknown as Db;
  const leaders = new Set<pg.Client>();
  let closed = false;

  return assembleStore(db, {
    kind: 'postgres',
    timescale: prepared.timescale,
    ...(prepared.reason ? { timescaleReason: prepared.reason } : {}),
    tryLead: (name) => tryLeadOn({ config: clientConfig(url, 'tickstream-leader'), name, logger, active: leaders, isClosed: () => closed }),
    ping: () =>
      guard('ping', async () => {
        await rejectAfter(pool.query('SELECT 1'), PING_TIMEOUT_MS, STORE_TIMEOUT('ping timed out'));
      }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...leaders].map((c) => c.end().catch(() => undefined)));
      leaders.clear();
      await pool.end();
    },
  });
}
