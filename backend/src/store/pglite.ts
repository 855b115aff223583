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
import { migrate, timescaleActive, type MigrationFile, type MigrationSession } from './migrate.ts';
import { assembleStore } from './assemble.ts';
import { lockDataDir, type DirLock } from './dir-lock.ts';

/** What the store needs from a PGlite instance; other builds (e.g. the TimescaleDB one) fit too. */
export interface PgliteLike {
  query<T>(text: string, params?: unknown[], options?: object): Promise<{ rows: T[] }>;
  exec(text: string, options?: object): Promise<unknown>;
  close(): Promise<void>;
}

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

interface Notice {
  severity?: string;
  message?: string;
}

function sessionOf(client: PgliteLike): MigrationSession {
  const warnings: string[] = [];
  const onNotice = (n: Notice) => {
    if (n.severity === 'WARNING') warnings.push(n.message ?? '');
  };
  return {
    loadsExtensionsItself: true,
    takeWarnings: () => warnings.splice(0),
    async exec(text) {
      await client.exec(text, { onNotice });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params, { onNotice })).rows;
    },
  };
}

/**
 * Postgres' memory settings for a small embedded database. The WASM memory only grows, so its peak
 * stays resident: the 128 MB default shared_buffers fill up during a backfill and never come back
 * (bench:memory). A few hundred thousand rows of recent history fit in 16 MB of hot pages; the
 * rest is read through the file system cache, which the OS can reclaim.
 */
const MEMORY_PARAMS = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=4MB'];
const options = (dataDir?: string) => ({ ...(dataDir ? { dataDir } : {}), startParams: [...PGlite.defaultStartParams, ...MEMORY_PARAMS] });

async function createClient(dataDir: string | undefined, loadDataDir?: Blob): Promise<{ client: PgliteLike; lock: DirLock | null }> {
  if (dataDir === undefined) return { client: await PGlite.create({ ...options(), ...(loadDataDir ? { loadDataDir } : {}) }), lock: null };
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lock = await lockDataDir(dir);
  try {
    return { client: await PGlite.create(options(dir)), lock };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

export async function openPgliteStore(opts: PgliteStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const opened = opts.client ? { client: opts.client, lock: null } : await guard('open embedded database', () => createClient(opts.dataDir, opts.loadDataDir));
  const { client, lock } = opened;
  let timescale: boolean;
  try {
    const session = sessionOf(client);
    await migrate(session, logger, opts.migrations);
    timescale = await timescaleActive(session);
  } catch (err) {
    await client.close().catch(() => undefined);
    await lock?.release();
    throw toStoreError(err, 'prepare embedded database');
  }
  const db = drizzle({ client: client as PGlite }) as unknown as Db;

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
