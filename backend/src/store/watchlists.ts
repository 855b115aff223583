// Watchlists and viewed symbols. A list's symbols are rows ordered by position; every change of a
// list's symbols rewrites them in one transaction holding the list's row (see changeSymbols).
import { asc, count, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { toStoreError, guard } from './errors.ts';
import { viewedSymbols, watchlistSymbols, watchlists } from './schema.ts';
import type { StoredWatchlist, ViewedSymbolRepository, WatchlistRepository } from './types.ts';

type Row = typeof watchlists.$inferSelect;

const validId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const toWatchlist = (r: Row, symbols: string[]): StoredWatchlist => ({
  id: r.id,
  name: r.name,
  symbols,
  createdAt: seconds(r.createdAt),
  updatedAt: seconds(r.updatedAt),
});

/** The part of drizzle both a database and a transaction offer. */
type Queries = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

async function symbolsOf(q: Queries, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await q
    .select({ id: watchlistSymbols.watchlistId, symbol: watchlistSymbols.symbol })
    .from(watchlistSymbols)
    .where(inArray(watchlistSymbols.watchlistId, ids))
    .orderBy(asc(watchlistSymbols.watchlistId), asc(watchlistSymbols.position));
  for (const r of rows) out.get(r.id)?.push(r.symbol);
  return out;
}

async function writeSymbols(q: Queries, id: number, symbols: readonly string[]): Promise<void> {
  await q.delete(watchlistSymbols).where(eq(watchlistSymbols.watchlistId, id));
  if (symbols.length > 0) {
    await q.insert(watchlistSymbols).values(symbols.map((symbol, position) => ({ watchlistId: id, symbol, position })));
  }
}

export function createWatchlistRepository(db: Db): WatchlistRepository {
  const read = async (q: Queries, id: number): Promise<StoredWatchlist | null> => {
    const rows = await q.select().from(watchlists).where(eq(watchlists.id, id));
    const row = rows[0];
    return row ? toWatchlist(row, (await symbolsOf(q, [id])).get(id) ?? []) : null;
  };

  return {
    list: () =>
      guard('list watchlists', async () => {
        const rows = await db.select().from(watchlists).orderBy(asc(watchlists.id));
        const symbols = await symbolsOf(db, rows.map((r) => r.id));
        return rows.map((r) => toWatchlist(r, symbols.get(r.id) ?? []));
      }),

    get: (id) => guard('read watchlist', async () => (validId(id) ? read(db, id) : null)),

    count: () =>
      guard('count watchlists', async () => {
        const rows = await db.select({ n: count() }).from(watchlists);
        return Number(rows[0]?.n ?? 0);
      }),

    create: (name, symbols) =>
      guard('create watchlist', () =>
        db.transaction(async (tx) => {
          const [row] = await tx.insert(watchlists).values({ name }).returning();
          await writeSymbols(tx, row!.id, symbols);
          return toWatchlist(row!, [...symbols]);
        }),
      ),

    rename: (id, name) =>
      guard('rename watchlist', async () => {
        if (!validId(id)) return null;
        const rows = await db.update(watchlists).set({ name, updatedAt: sql`now()` }).where(eq(watchlists.id, id)).returning();
        return rows[0] ? toWatchlist(rows[0], (await symbolsOf(db, [id])).get(id) ?? []) : null;
      }),

    remove: (id) =>
      guard('delete watchlist', async () => {
        if (!validId(id)) return false;
        const rows = await db.delete(watchlists).where(eq(watchlists.id, id)).returning({ id: watchlists.id });
        return rows.length > 0;
      }),

    async changeSymbols(id, change) {
      if (!validId(id)) return null;
      // What `change` throws is the caller's refusal, not a database failure: it passes through.
      let refusal: { error: unknown } | undefined;
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.select().from(watchlists).where(eq(watchlists.id, id)).for('update');
          if (!row) return null;
          const current = (await symbolsOf(tx, [id])).get(id) ?? [];
          let next: readonly string[];
          try {
            next = change(current);
          } catch (error) {
            refusal = { error };
            throw error;
          }
          await writeSymbols(tx, id, next);
          const [updated] = await tx.update(watchlists).set({ updatedAt: sql`now()` }).where(eq(watchlists.id, id)).returning();
          return toWatchlist(updated!, [...next]);
        });
      } catch (err) {
        if (refusal) throw refusal.error;
        throw toStoreError(err, 'change watchlist symbols');
      }
    },

    allSymbols: () =>
      guard('list watchlist symbols', async () => {
        const rows = await db.selectDistinct({ symbol: watchlistSymbols.symbol }).from(watchlistSymbols).orderBy(asc(watchlistSymbols.symbol));
        return rows.map((r) => r.symbol);
      }),
  };
}

export function createViewedSymbolRepository(db: Db): ViewedSymbolRepository {
  return {
    touch: (symbols, untilSeconds) =>
      guard('mark viewed symbols', async () => {
        if (symbols.length === 0) return;
        const until = new Date(untilSeconds * 1000);
        await db
          .insert(viewedSymbols)
          .values([...new Set(symbols)].map((symbol) => ({ symbol, viewedUntil: until })))
          .onConflictDoUpdate({ target: viewedSymbols.symbol, set: { viewedUntil: sql`greatest(${viewedSymbols.viewedUntil}, excluded.viewed_until)` } });
      }),

    active: (nowSeconds) =>
      guard('read viewed symbols', async () => {
        const now = new Date(nowSeconds * 1000);
        await db.delete(viewedSymbols).where(lte(viewedSymbols.viewedUntil, now));
        const rows = await db.select({ symbol: viewedSymbols.symbol }).from(viewedSymbols).where(gt(viewedSymbols.viewedUntil, now)).orderBy(asc(viewedSymbols.symbol));
        return rows.map((r) => r.symbol);
      }),
  };
}
