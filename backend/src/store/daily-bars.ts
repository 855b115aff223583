// Daily bars (Yahoo's daily chart) and the roll-ups to weeks and months, plus the per-symbol sync
// record (when the history was last fetched, and the exchange's time zone and session open).
import { sql } from 'drizzle-orm';
import type { Candle } from '@tickstream/shared';
import type { DailyBar, DailyBarRepository, DailyHistoryQuery, DailySync } from './types.ts';
import { ROWS_PER_STATEMENT, rowsOf, type Db } from './db.ts';
import { guard } from './errors.ts';
import { candleOfRow, type RawBar } from './candles.ts';

const DAY = 86_400;

/** Unix seconds -> ISO date of the UTC day; `up` rounds a time inside a day to the next day. */
function isoDay(seconds: number, up: boolean): string {
  const day = up ? Math.ceil(seconds / DAY) : Math.floor(seconds / DAY);
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/** The bucket expression of each interval: a day, its ISO week's Monday, its month's 1st. */
const BUCKET = {
  '1d': sql.raw('day::timestamp'),
  '1wk': sql.raw(`date_trunc('week', day::timestamp)`),
  '1mo': sql.raw(`date_trunc('month', day::timestamp)`),
} as const;
/** Days a bucket reaches past its start, so the scan includes every day of the last bucket. */
const REACH_DAYS = { '1d': 0, '1wk': 6, '1mo': 30 } as const;

export function createDailyBarRepository(db: Db): DailyBarRepository {
  return {
    upsertMany: (bars) =>
      guard('upsert daily bars', async () => {
        let written = 0;
        for (let i = 0; i < bars.length; i += ROWS_PER_STATEMENT) {
          const batch = bars.slice(i, i + ROWS_PER_STATEMENT);
          const col = <T>(f: (b: DailyBar) => T) => sql.param(batch.map(f));
          const result = await db.execute(sql`
            INSERT INTO daily_bars AS d (symbol, day, open, high, low, close, adjclose, volume, dividend, split_ratio)
            SELECT * FROM unnest(${col((b) => b.symbol)}::text[], ${col((b) => b.day)}::date[], ${col((b) => b.open)}::float8[],
              ${col((b) => b.high)}::float8[], ${col((b) => b.low)}::float8[], ${col((b) => b.close)}::float8[],
              ${col((b) => b.adjclose)}::float8[], ${col((b) => b.volume)}::float8[], ${col((b) => b.dividend ?? null)}::float8[],
              ${col((b) => b.splitRatio ?? null)}::float8[])
            ON CONFLICT (symbol, day) DO UPDATE SET
              open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
              adjclose = excluded.adjclose, volume = excluded.volume, dividend = excluded.dividend, split_ratio = excluded.split_ratio
            WHERE (d.open, d.high, d.low, d.close, d.adjclose, d.volume, d.dividend, d.split_ratio)
              IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adjclose, excluded.volume, excluded.dividend, excluded.split_ratio)
            RETURNING 1`);
          written += rowsOf(result).length;
        }
        return written;
      }),

    history: (q: DailyHistoryQuery) =>
      guard('read daily history', async (): Promise<Candle[]> => {
        if (q.limit <= 0 || q.from > q.to) return [];
        const bucket = BUCKET[q.interval];
        const firstBucket = isoDay(q.from, true);
        const lastBucket = isoDay(q.to, false);
        const lastDay = isoDay(q.to + REACH_DAYS[q.interval] * DAY, false);
        // split-dividend: every price scaled by the day's adjclose / close, as Yahoo's adjusted close is.
        const f = q.adjust === 'split-dividend' ? sql.raw('adjclose / close') : sql.raw('1.0');
        const rows =
          q.interval === '1d'
            ? await db.execute(sql`
                SELECT extract(epoch from day::timestamp)::int8 AS time, open * ${f} AS open, high * ${f} AS high,
                       low * ${f} AS low, close * ${f} AS close, volume
                FROM daily_bars
                WHERE symbol = ${q.symbol} AND day BETWEEN ${firstBucket}::date AND ${lastBucket}::date
                ORDER BY day DESC
                LIMIT ${q.limit}`)
            : await db.execute(sql`
                SELECT extract(epoch from ${bucket})::int8 AS time,
                       (array_agg(open * ${f} ORDER BY day))[1] AS open,
                       max(high * ${f}) AS high,
                       min(low * ${f}) AS low,
                       (array_agg(close * ${f} ORDER BY day DESC))[1] AS close,
                       sum(volume) AS volume
                FROM daily_bars
                WHERE symbol = ${q.symbol} AND day BETWEEN ${firstBucket}::date AND ${lastDay}::date
                GROUP BY ${bucket}
                HAVING ${bucket} BETWEEN ${firstBucket}::timestamp AND ${lastBucket}::timestamp
                ORDER BY 1 DESC
                LIMIT ${q.limit}`);
        return rowsOf<RawBar>(rows).map(candleOfRow).reverse();
      }),

    newestDay: (symbol) =>
      guard('read newest daily bar', async () => {
        const rows = rowsOf<{ day: string | null }>(
          await db.execute(sql`SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM daily_bars WHERE symbol = ${symbol}`),
        );
        return rows[0]?.day ?? null;
      }),

    recordSync: (symbol, sync) =>
      guard('record daily sync', async () => {
        await db.execute(sql`
          INSERT INTO daily_bar_syncs (symbol, synced_at, timezone, session_open, first_trade_day)
          VALUES (${symbol}, to_timestamp(${sync.syncedAt}), ${sync.timezone}, ${sync.sessionOpen}, ${sync.firstTradeDay}::date)
          ON CONFLICT (symbol) DO UPDATE SET synced_at = excluded.synced_at, timezone = excluded.timezone,
            session_open = excluded.session_open, first_trade_day = excluded.first_trade_day`);
      }),

    syncs: (symbols) =>
      guard('read daily syncs', async () => {
        const out = new Map<string, DailySync>();
        if (symbols.length === 0) return out;
        const rows = rowsOf<{ symbol: string; synced_at: string | number; timezone: string; session_open: number; first_trade_day: string | null }>(
          await db.execute(sql`
            SELECT symbol, extract(epoch from synced_at)::int8 AS synced_at, timezone, session_open,
                   to_char(first_trade_day, 'YYYY-MM-DD') AS first_trade_day
            FROM daily_bar_syncs WHERE symbol = ANY(${sql.param([...symbols])}::text[])`),
        );
        for (const r of rows) {
          out.set(r.symbol, { syncedAt: Number(r.synced_at), timezone: r.timezone, sessionOpen: Number(r.session_open), firstTradeDay: r.first_trade_day });
        }
        return out;
      }),
  };
}
