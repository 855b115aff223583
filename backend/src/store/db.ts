// The one database type the repositories are written against: drizzle's PgDatabase base, which
// both drizzle-orm/pglite and drizzle-orm/node-postgres produce.
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type Db = PgDatabase<PgQueryResultHKT>;

/** Rows of a raw `db.execute()` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Rows per statement of a big write. The embedded database runs a statement on the app's own thread,
 * so its size bounds how long a request can wait behind it (pglite-turns.ts): 500 candles take
 * ~50 ms there. A server only sees a few more round trips.
 */
export const ROWS_PER_STATEMENT = 500;

/** Splits big batches into statements of at most ROWS_PER_STATEMENT rows, well under PostgreSQL's 65535 bind parameters. */
export function chunks<T>(items: readonly T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30_000 / columnsPerRow)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
