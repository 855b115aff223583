import { asc, count, eq, sql } from 'drizzle-orm';
import type { Holding, HoldingRepository, NewHolding } from './types.ts';
import type { Db } from './db.ts';
import { holdings } from './schema.ts';
import { guard } from './errors.ts';

type Row = typeof holdings.$inferSelect;

/** Ids outside the integer column's range cannot exist; answering "absent" beats a driver error. */
const validId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;

// quantity and cost_per_share are numeric: both drivers hand them over as strings, which are kept
// verbatim (never parsed into floats).
const toHolding = (r: Row): Holding => ({
  id: r.id,
  symbol: r.symbol,
  quantity: r.quantity,
  costPerShare: r.costPerShare,
  note: r.note,
  acquiredOn: r.acquiredOn,
  createdAt: Math.floor(r.createdAt.getTime() / 1000),
  updatedAt: Math.floor(r.updatedAt.getTime() / 1000),
});

export function createHoldingRepository(db: Db): HoldingRepository {
  return {
    list: () =>
      guard('list holdings', async () => {
        const rows = await db.select().from(holdings).orderBy(asc(holdings.id));
        return rows.map(toHolding);
      }),

    get: (id) =>
      guard('read holding', async () => {
        if (!validId(id)) return null;
        const rows = await db.select().from(holdings).where(eq(holdings.id, id));
        return rows[0] ? toHolding(rows[0]) : null;
      }),

    create: (h: NewHolding) =>
      guard('create holding', async () => {
        const rows = await db
          .insert(holdings)
          .values({
            symbol: h.symbol,
            quantity: h.quantity,
            costPerShare: h.costPerShare,
            note: h.note ?? null,
            acquiredOn: h.acquiredOn ?? null,
          })
          .returning();
        return toHolding(rows[0]!);
      }),

    update: (id, patch) =>
      guard('update holding', async () => {
        if (!validId(id)) return null;
        const set: Partial<typeof holdings.$inferInsert> = {};
        if (patch.symbol !== undefined) set.symbol = patch.symbol;
        if (patch.quantity !== undefined) set.quantity = patch.quantity;
        if (patch.costPerShare !== undefined) set.costPerShare = patch.costPerShare;
        if (patch.note !== undefined) set.note = patch.note;
        if (patch.acquiredOn !== undefined) set.acquiredOn = patch.acquiredOn;
        const rows = await db
          .update(holdings)
          .set({ ...set, updatedAt: sql`now()` })
          .where(eq(holdings.id, id))
          .returning();
        return rows[0] ? toHolding(rows[0]) : null;
      }),

    remove: (id) =>
      guard('delete holding', async () => {
        if (!validId(id)) return false;
        const rows = await db.delete(holdings).where(eq(holdings.id, id)).returning({ id: holdings.id });
        return rows.length > 0;
      }),

    count: () =>
      guard('count holdings', async () => {
        const rows = await db.select({ n: count() }).from(holdings);
        return Number(rows[0]?.n ?? 0);
      }),
  };
}
