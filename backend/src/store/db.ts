// The one database type the repositories are written against: drizzle's PgDatabase base, which
// both drizzle-orm/pglite and drizzle-orm/node-postgres produce.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type Db = PgDatabase<PgQueryResultHKT>;

/** Rows of a raw `db.execute()` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Splits big batches so one statement stays well under PostgreSQL's 65535 bind parameters. */
export function chunks<T>(items: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columnsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
