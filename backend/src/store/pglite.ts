// Embedded driver: PGlite (Postgres in WebAssembly) persisted in a directory, or in memory.
// One process owns the data directory, so "leadership" is a per-store set of held names.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import pino from 'pino';
import type { Logger } from '../logger.ts';
import type { Leadership, Store } from './types.ts';
import type { Db } from './db.ts';
import { StoreError, guard, toStoreError } from './errors.ts';
import { migrate, timescaleActive, type MigrationFile } from './migrate.ts';
import { pgliteOptions as options, sessionOf, type PgliteLike } from './pglite-session.ts';
import { isDataDir, prepareInChild } from './pglite-prepare.ts';
import { assembleStore } from './assemble.ts';
import { takingTurns } from './pglite-turns.ts';
import { lockDataDir, type DirLock } from './dir-lock.ts';

export type { PgliteLike } from './pglite-session.ts';

export interface PgliteStoreOptions {
  /** Directory for the database files (created if missing). Omitted with no client: in memory. */
  dataDir?: string;
  /** An already-created instance (e.g. the TimescaleDB build); the store takes ownership and closes it. */
  client?: PgliteLike;
  logger?: Logger;
  /** Test hook: migrations to apply instead of /migrations. */
  migrations?: MigrationFile[];
  /** Start an in-memory database from this copy (PGlite's dumpDataDir) instead of an empty one. */
  loadDataDir?: Blob;
}

/** `prepared`: a child process created and migrated the directory just now (and logged what it skipped). */
async function createClient(opts: PgliteStoreOptions, logger: Logger): Promise<{ client: PgliteLike; lock: DirLock | null; prepared: boolean }> {
  const { dataDir, loadDataDir } = opts;
  if (dataDir === undefined) return { client: await PGlite.create({ ...options(), ...(loadDataDir ? { loadDataDir } : {}) }), lock: null, prepared: false };
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lock = await lockDataDir(dir);
  try {
    // A new directory is created and migrated by a child process, whose memory is then all returned
    // (pglite-prepare.ts). Test migrations (opts.migrations) are applied here, as given.
    let prepared = false;
    if (!opts.migrations && !(await isDataDir(dir))) {
      logger.info({ dataDir: dir }, 'creating the embedded database in a child process');
      prepared = await prepareInChild(dir, logger);
    }
    return { client: await PGlite.create(options(dir)), lock, prepared };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

export async function openPgliteStore(opts: PgliteStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const opened = opts.client ? { client: opts.client, lock: null, prepared: false } : await guard('open embedded database', () => createClient(opts, logger));
  const { client, lock, prepared } = opened;
  let timescale: boolean;
  try {
    const session = sessionOf(client);
    await migrate(session, logger, opts.migrations, !prepared);
    timescale = await timescaleActive(session);
  } catch (err) {
    await client.close().catch(() => undefined);
    await lock?.release();
    throw toStoreError(err, 'prepare embedded database');
  }
  const db = drizzle({ client: takingTurns(client) as PGlite }) as unknown as Db;

  const held = new Map<string, () => void>();
  let closed = false;

  return assembleStore(db, {
    kind: 'pglite',
    timescale,
    async tryLead(name) {
      if (closed) throw new StoreError('STORE_UNAVAILABLE', 'the store is closed');
      if (held.has(name)) return null;
      let markLost!: () => void;
      const lost = new Promise<void>((r) => (markLost = r));
      held.set(name, markLost);
      const leadership: Leadership = {
        lost,
        async release() {
          // A voluntary release is not a loss: `lost` stays pending.
          held.delete(name);
        },
      };
      return leadership;
    },
    ping: () =>
      guard('ping', async () => {
        await client.query('SELECT 1');
      }),
    async close() {
      if (closed) return;
      closed = true;
      for (const markLost of held.values()) markLost();
      held.clear();
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  });
}
