import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import type { MarketState, Tick } from '@tickstream/shared';
import type { TickRepository } from './types.ts';
import { chunks, rowsOf, type Db } from './db.ts';
import { epochSeconds, ticks, toDate } from './schema.ts';
import { guard } from './errors.ts';
import { rowKey } from './row-key.ts';


const tickColumns = {
  symbol: ticks.symbol,
  time: epochSeconds(ticks.time),
  price: ticks.price,
  change: ticks.change,
  changePercent: ticks.changePercent,
  previousClose: ticks.previousClose,
  dayHigh: ticks.dayHigh,
  dayLow: ticks.dayLow,
  dayVolume: ticks.dayVolume,
  marketState: ticks.marketState,
  currency: ticks.currency,
  source: ticks.source,
};

type TickRow = Omit<Tick, 'marketState'> & { marketState: string };
const asTick = (row: TickRow): Tick => ({ ...row, marketState: row.marketState as MarketState });

interface RawTickRow {
  symbol: string;
  time: string | number;
  price: number;
  change: number | null;
  change_percent: number | null;
  previous_close: number | null;
  day_high: number | null;
  day_low: number | null;
  day_volume: number | null;
  market_state: string;
  currency: string | null;
  source: string;
}

const fromRaw = (r: RawTickRow): Tick => ({
  symbol: r.symbol,
  time: Number(r.time),
  price: Number(r.price),
  change: r.change === null ? null : Number(r.change),
  changePercent: r.change_percent === null ? null : Number(r.change_percent),
  previousClose: r.previous_close === null ? null : Number(r.previous_close),
  dayHigh: r.day_high === null ? null : Number(r.day_high),
  dayLow: r.day_low === null ? null : Number(r.day_low),
  dayVolume: r.day_volume === null ? null : Number(r.day_volume),
  marketState: r.market_state as MarketState,
  currency: r.currency,
  source: r.source,
});

export function createTickRepository(db: Db): TickRepository {
  return {
    insertMany: (input) =>
      guard('insert ticks', async () => {
        if (input.length === 0) return [];
        const inserted = new Set<string>();
        for (const batch of chunks(input, 12)) {
          const rows = await db
            .insert(ticks)
            .values(batch.map((t) => ({ ...t, time: toDate(t.time) })))
            .onConflictDoNothing({ target: [ticks.symbol, ticks.time] })
            .returning({ symbol: ticks.symbol, time: epochSeconds(ticks.time) });
          for (const r of rows) inserted.add(rowKey(r));
        }
        // Hand back the caller's own objects, in input order, once each.
        const out: Tick[] = [];
        for (const t of input) {
          const k = rowKey(t);
          if (inserted.delete(k)) out.push(t);
        }
        return out;
      }),

    latest: (symbols) =>
      guard('read latest ticks', async () => {
        if (symbols.length === 0) return [];
        // One index probe per symbol (LATERAL ... LIMIT 1) instead of DISTINCT ON over every stored tick.
        const result = await db.execute(sql`
          SELECT t.symbol, extract(epoch from t.time)::int8 AS time, t.price, t.change, t.change_percent,
                 t.previous_close, t.day_high, t.day_low, t.day_volume, t.market_state, t.currency, t.source
          FROM unnest(${sql.param([...symbols])}::text[]) AS s(symbol)
          CROSS JOIN LATERAL (
            SELECT * FROM ticks WHERE ticks.symbol = s.symbol ORDER BY ticks.time DESC LIMIT 1
          ) AS t
          ORDER BY t.symbol`);
        return rowsOf<RawTickRow>(result).map(fromRaw);
      }),

    since: (symbols, afterTime, limit) =>
      guard('read ticks since', async () => {
        if (symbols.length === 0 || limit <= 0) return [];
        const rows = await db
          .select(tickColumns)
          .from(ticks)
          .where(and(inArray(ticks.symbol, [...symbols]), gt(ticks.time, toDate(afterTime))))
          .orderBy(asc(ticks.time), asc(ticks.symbol))
          .limit(limit);
        return rows.map(asTick);
      }),
  };
}
