// Applies /migrations/*.sql in name order, once each, recorded in schema_migrations.
//
// - The whole run holds a session advisory lock, so instances starting together migrate one at a
//   time; the later ones find everything recorded and apply nothing.
// - The files one start-up applies commit together, in one transaction; each file runs in a
//   savepoint together with its schema_migrations row. Background jobs a file schedules (TimescaleDB
//   policies) start only once the run commits, so a later file that replaces them never races them:
//   run file by file, 0003 removed a refresh job 0002 had just started, and TimescaleDB's cancelling
//   of that job logged a warning, deadlocked, or (CI, once) cut the migrating connection.
//   A failing file rolls the whole run back: the database is left as the last start-up left it.
// - An applied file whose checksum changed stops start-up: migrations are append-only.
// - A header line `-- requires: ext[, ext]` makes a file conditional. Whether an extension can be
//   used is decided from the catalog before anything is tried (extensions.ts): when it is not
//   installed, not preloaded, or the role may not create it, the file is skipped and NOT recorded,
//   so a later start-up applies it once the extension works. A skip the user can fix is logged as
//   one warning naming the fix. Such files may depend only on files before them and must cope with
//   data already stored (e.g. create_hypertable(migrate_data)).
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
import { decideExtension, extensionFacts, type ExtensionDecision } from './extensions.ts';
import { DatabaseStartupError } from './diagnose.ts';

/** Resolved from this file, not the working directory: <repo>/migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** The minimum a driver connection must offer the runner (one session, used exclusively). */
export interface MigrationSession {
  /** Runs one or more statements without parameters (simple query protocol). */
  exec(text: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** true when the driver loads the extensions it was given itself (PGlite): nothing to preload */
  readonly loadsExtensionsItself?: boolean;
  /** The server's WARNINGs since the last call (the runner logs them, or drops a retried attempt's). */
  takeWarnings?(): string[];
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
  requires: string[];
  /** `-- requires-sql:` conditions, each a query returning one boolean */
  conditions?: string[];
}

/** Why a conditional file was not applied; `fix` and `warn` when the server could be fixed. */
export interface Unmet {
  reason: string;
  fix?: string;
  warn: boolean;
}

export interface MigrationResult {
  applied: string[];
  skipped: ({ name: string; requires: string[] } & Unmet)[];
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

/** Throws the start-up error for an extension that exists in the database but cannot work. */
async function decide(session: MigrationSession, name: string): Promise<Exclude<ExtensionDecision, { action: 'refuse' }>> {
  const decision = decideExtension(await extensionFacts(session, name));
  if (decision.action === 'refuse') throw new DatabaseStartupError('DB_EXTENSION', `${decision.reason}: ${decision.fix}`);
  return decision;
}

/** Creates each required extension that is missing; resolves to why one cannot be used, or null. */
async function ensureExtensions(session: MigrationSession, names: string[]): Promise<Unmet | null> {
  for (const name of names) {
    const decision = await decide(session, name);
    if (decision.action === 'use') continue;
    if (decision.action === 'skip') return { reason: decision.reason, fix: decision.fix, warn: decision.warn };
    await session.exec('SAVEPOINT require_extension');
    try {
      await session.exec(`CREATE EXTENSION IF NOT EXISTS ${name}`);
      await session.exec('RELEASE SAVEPOINT require_extension');
    } catch (err) {
      await session.exec('ROLLBACK TO SAVEPOINT require_extension');
      return { reason: `extension ${name} cannot be created: ${errorMessage(err)}`, warn: true };
    }
  }
  return null;
}

async function unmetCondition(session: MigrationSession, conditions: string[]): Promise<Unmet | null> {
  for (const condition of conditions) {
    const rows = await session.query<Record<string, unknown>>(condition);
    const value = rows[0] ? Object.values(rows[0])[0] : null;
    if (value !== true) return { reason: `condition not met: ${condition}`, warn: false };
  }
  return null;
}

/**
 * A refresh job started by an earlier start-up's policy can deadlock with a file's policy changes;
 * the files catch the error as a WARNING (a refused policy must not stop start-up), which would keep
 * the refusal for good. The file is rolled back to its savepoint and run again once the job is done.
 */
const DEADLOCK_TRIES = 5;
const isDeadlock = (warning: string) => /deadlock detected/i.test(warning);

/** Runs one file inside the run's transaction; resolves to why it was skipped, or null once recorded. */
async function applyOne(session: MigrationSession, file: MigrationFile, logger: Logger): Promise<Unmet | null> {
  for (let attempt = 1; ; attempt++) {
    await session.exec('SAVEPOINT migration_file');
    try {
      const unmet = (await ensureExtensions(session, file.requires)) ?? (await unmetCondition(session, file.conditions ?? []));
      if (unmet) {
        await session.exec('ROLLBACK TO SAVEPOINT migration_file; RELEASE SAVEPOINT migration_file');
        return unmet;
      }
      await session.exec(file.sql);
      const warnings = session.takeWarnings?.() ?? [];
      if (attempt < DEADLOCK_TRIES && warnings.some(isDeadlock)) {
        await session.exec('ROLLBACK TO SAVEPOINT migration_file; RELEASE SAVEPOINT migration_file');
        logger.info({ migration: file.name, attempt }, 'migration lost a deadlock to a database job; running it again');
        await new Promise((r) => setTimeout(r, 250 * attempt));
        continue;
      }
      for (const notice of warnings) logger.warn({ notice }, 'database warning during migration');
      await session.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
      await session.exec('RELEASE SAVEPOINT migration_file');
      return null;
    } catch (err) {
      throw new StoreError('STORE_MIGRATION', `migration ${file.name} failed: ${errorMessage(err)}`, { cause: err });
    }
  }
}

/** Applies the files not yet recorded, in one transaction; a failure rolls all of them back. */
async function applyPending(session: MigrationSession, pending: MigrationFile[], logger: Logger, result: MigrationResult): Promise<void> {
  await session.exec('BEGIN');
  try {
    for (const file of pending) {
      const unmet = await applyOne(session, file, logger);
      if (unmet) result.skipped.push({ name: file.name, requires: file.requires, ...unmet });
      else result.applied.push(file.name);
    }
    await session.exec('COMMIT');
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
  for (const name of result.applied) logger.info({ migration: name }, 'migration applied');
}

export async function migrate(
  session: MigrationSession,
  logger: Logger,
  files?: MigrationFile[],
  /** false: the skips were just reported by whoever migrated before (a preparing child process) */
  reportSkips = true,
): Promise<MigrationResult> {
  const migrations = files ?? (await loadMigrations());
  const result: MigrationResult = { applied: [], skipped: [] };
  await session.query('SELECT pg_advisory_lock($1::int8)', [MIGRATION_LOCK]);
  try {
    // Checked first: CREATE TABLE IF NOT EXISTS needs CREATE on the schema even when the table
    // exists, and a role an administrator migrated for may hold only table privileges.
    const [table] = await session.query<{ exists: boolean }>(`SELECT to_regclass('schema_migrations') IS NOT NULL AS exists`);
    if (!table?.exists) await session.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await session.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    // Files applied earlier rely on their extensions still working (e.g. timescaledb dropped from
    // shared_preload_libraries after 0002 ran): refuse to start rather than misread or miswrite.
    const inUse = new Set(migrations.filter((f) => applied.has(f.name)).flatMap((f) => f.requires));
    for (const name of inUse) await decide(session, name);
    for (const file of migrations) {
      const recorded = applied.get(file.name);
      if (recorded !== undefined && recorded !== file.checksum) {
        throw new StoreError('STORE_MIGRATION', `migration ${file.name} was changed after it was applied; add a new migration instead`);
      }
    }
    const pending = migrations.filter((f) => !applied.has(f.name));
    if (pending.length > 0) await applyPending(session, pending, logger, result);
    if (reportSkips) logSkips(logger, result.skipped);
    return result;
  } finally {
    for (const notice of session.takeWarnings?.() ?? []) logger.warn({ notice }, 'database warning during migration');
    await session.query('SELECT pg_advisory_unlock($1::int8)', [MIGRATION_LOCK]).catch(() => undefined);
  }
}

/**
 * One line per unmet requirement, naming every file it held back: several files needing the same
 * missing extension are one problem for the user, with one fix.
 */
function logSkips(logger: Logger, skipped: MigrationResult['skipped']): void {
  const groups = new Map<string, MigrationResult['skipped']>();
  for (const skip of skipped) {
    const key = `${skip.requires.join(',')}\u0000${skip.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), skip]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    if (!first) continue;
    const names = group.map((s) => s.name).join(', ');
    const fields = { migrations: group.map((s) => s.name), reason: first.reason, ...(first.fix ? { fix: first.fix } : {}) };
    if (!first.warn) {
      logger.info(fields, 'migration skipped until its requirement is met');
      continue;
    }
    const without = first.requires.length > 0 ? first.requires.join(', ') : names;
    logger.warn(fields, `running without ${without} (${names} skipped): ${first.reason}${first.fix ? `. Fix: ${first.fix}` : ''}`);
  }
}

/** Why the TimescaleDB path is off, from a run's skipped files: reason and fix in one sentence. */
export function timescaleReason(result: MigrationResult): string | undefined {
  const skip = result.skipped.find((s) => s.requires.includes('timescaledb'));
  if (!skip) return undefined;
  return skip.fix ? `${skip.reason}. Fix: ${skip.fix}` : skip.reason;
}

/** True when the TimescaleDB path is in place (extension installed and the aggregates built). */
export async function timescaleActive(session: MigrationSession): Promise<boolean> {
  const rows = await session.query<{ active: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
        AND to_regclass('candles_1d') IS NOT NULL AS active`,
  );
  return rows[0]?.active === true;
}
