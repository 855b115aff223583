// Applies /migrations/*.sql in name order, once each, recorded in schema_migrations.
//
// - The whole run holds a session advisory lock, so instances starting together migrate one at a
//   time; the later ones find everything recorded and apply nothing.
// - Each file runs in its own transaction together with its schema_migrations row.
// - An applied file whose checksum changed stops start-up: migrations are append-only.
// - A header line `-- requires: ext[, ext]` makes a file conditional. When an extension cannot be
//   created (not installed, or installed but not preloaded) the file is skipped and NOT recorded,
//   so a later start-up applies it once the extension works. Such files may depend only on files
//   before them and must cope with data already stored (e.g. create_hypertable(migrate_data)).
// - A header line `-- requires-sql: SELECT <boolean>` adds a condition checked after the extensions
//   exist (e.g. a TimescaleDB built with the Apache-only license has no continuous aggregates):
//   false or NULL skips the file the same way.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Logger } from '../logger.ts';
import { errorMessage } from '../errors.ts';
import { StoreError } from './errors.ts';
import { lockKey } from './lock.ts';

/** Resolved from this file, not the working directory: <repo>/migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** The minimum a driver connection must offer the runner (one session, used exclusively). */
export interface MigrationSession {
  /** Runs one or more statements without parameters (simple query protocol). */
  exec(text: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  requires: string[];
  /** `-- requires-sql:` conditions, each a query returning one boolean */
  conditions?: string[];
}

export interface MigrationResult {
  applied: string[];
  skipped: { name: string; reason: string }[];
}

const REQUIRES = /^--\s*requires:\s*(.+)$/i;
const REQUIRES_SQL = /^--\s*requires-sql:\s*(.+)$/i;
const EXTENSION_NAME = /^[a-z_][a-z0-9_]*$/;

/** The leading comment block's lines. */
function headerLines(sql: string): string[] {
  const out: string[] = [];
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    out.push(trimmed);
  }
  return out;
}

/** Conditions named by `-- requires-sql:` lines in the leading comment block. */
export function parseConditions(sql: string): string[] {
  return headerLines(sql).flatMap((line) => {
    const m = REQUIRES_SQL.exec(line);
    return m ? [m[1]!.trim()] : [];
  });
}

/** Extensions named by `-- requires:` lines in the leading comment block. */
export function parseRequires(sql: string): string[] {
  const out: string[] = [];
  for (const trimmed of headerLines(sql)) {
    const m = REQUIRES.exec(trimmed);
    if (!m) continue;
    for (const name of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!EXTENSION_NAME.test(name)) throw new StoreError('STORE_MIGRATION', `bad extension name in "-- requires:": ${name}`);
      out.push(name);
    }
  }
  return out;
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name), 'utf8');
      return { name, sql, checksum: checksum(sql), requires: parseRequires(sql), conditions: parseConditions(sql) };
    }),
  );
}

const MIGRATION_LOCK = lockKey('migrations');

/** Creates each required extension; resolves to why it cannot, or null when all are in place. */
async function ensureExtensions(session: MigrationSession, names: string[]): Promise<string | null> {
  for (const name of names) {
    const available = await session.query<{ installed: string | null }>(
      'SELECT installed_version AS installed FROM pg_available_extensions WHERE name = $1',
      [name],
    );
    if (available.length === 0) return `extension ${name} is not available`;
    if (available[0]!.installed !== null) continue;
    await session.exec('SAVEPOINT require_extension');
    try {
      await session.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`);
      await session.exec('RELEASE SAVEPOINT require_extension');
    } catch (err) {
      await session.exec('ROLLBACK TO SAVEPOINT require_extension');
      return `extension ${name} cannot be created: ${errorMessage(err)}`;
    }
  }
  return null;
}

async function unmetCondition(session: MigrationSession, conditions: string[]): Promise<string | null> {
  for (const condition of conditions) {
    const rows = await session.query<Record<string, unknown>>(condition);
    const value = rows[0] ? Object.values(rows[0])[0] : null;
    if (value !== true) return `condition not met: ${condition}`;
  }
  return null;
}

async function applyOne(session: MigrationSession, file: MigrationFile): Promise<string | null> {
  await session.exec('BEGIN');
  try {
    const unmet = (await ensureExtensions(session, file.requires)) ?? (await unmetCondition(session, file.conditions ?? []));
    if (unmet) {
      await session.exec('ROLLBACK');
      return unmet;
    }
    await session.exec(file.sql);
    await session.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
    await session.exec('COMMIT');
    return null;
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw new StoreError('STORE_MIGRATION', `migration ${file.name} failed: ${errorMessage(err)}`, { cause: err });
  }
}

export async function migrate(
  session: MigrationSession,
  logger: Logger,
  files?: MigrationFile[],
): Promise<MigrationResult> {
  const migrations = files ?? (await loadMigrations());
  const result: MigrationResult = { applied: [], skipped: [] };
  await session.query('SELECT pg_advisory_lock($1::int8)', [MIGRATION_LOCK]);
  try {
    await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await session.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const file of migrations) {
      const recorded = applied.get(file.name);
      if (recorded !== undefined) {
        if (recorded !== file.checksum) {
          throw new StoreError('STORE_MIGRATION', `migration ${file.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      const unmet = await applyOne(session, file);
      if (unmet) {
        logger.info({ migration: file.name, reason: unmet }, 'migration skipped until its requirement is met');
        result.skipped.push({ name: file.name, reason: unmet });
      } else {
        logger.info({ migration: file.name }, 'migration applied');
        result.applied.push(file.name);
      }
    }
    return result;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1::int8)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}

/** True when the TimescaleDB path is in place (extension installed and the aggregates built). */
export async function timescaleActive(session: MigrationSession): Promise<boolean> {
  const rows = await session.query<{ active: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
        AND to_regclass('candles_1d') IS NOT NULL AS active`,
  );
  return rows[0]?.active === true;
}
