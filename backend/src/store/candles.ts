import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Candle, SymbolCandle } from '@tickstream/shared';
import type { CandleInterval, CandleRepository, HistoryQuery, SessionClock } from './types.ts';
import { ROWS_PER_STATEMENT, rowsOf, type Db } from './db.ts';
import { candleAggregates, candles1m, epochSeconds, toDate, type CandleTable } from './schema.ts';
import { guard } from './errors.ts';
import { rowKey } from './row-key.ts';
import { settleAggregates } from './settle.ts';


/** SQL interval literals for date_bin; a fixed whitelist, so safe to inline (and needed inline so
 * the GROUP BY expression is textually identical to the selected one). */
const BIN: Record<Exclude<CandleInterval, '1m'>, { literal: string; seconds: number }> = {
  '5m': { literal: '5 minutes', seconds: 300 },
  '15m': { literal: '15 minutes', seconds: 900 },
  '1h': { literal: '1 hour', seconds: 3600 },
  '1d': { literal: '1 day', seconds: 86400 },
};

const candleFields = (t: CandleTable) => ({
  time: epochSeconds(t.bucket),
  open: t.open,
  high: t.high,
  low: t.low,
  close: t.close,
  volume: t.volume,
});

/** Keeps the last occurrence per (symbol, time): one statement may not upsert a row twice. */
function dedupe(input: readonly SymbolCandle[]): SymbolCandle[] {
  const byKey = new Map<string, SymbolCandle>();
  for (const c of input) {
    const k = rowKey(c);
    byKey.delete(k);
    byKey.set(k, c);
  }
  return [...byKey.values()];
}

/** Reads a table (candles_1m or a continuous aggregate) whose rows already are the bars. */
async function readBars(db: Db, table: CandleTable, q: HistoryQuery): Promise<Candle[]> {
  const rows = await db
    .select(candleFields(table))
    .from(table)
    .where(and(eq(table.symbol, q.symbol), gte(table.bucket, toDate(q.from)), lte(table.bucket, toDate(q.to))))
    .orderBy(desc(table.bucket))
    .limit(q.limit);
  return rows.reverse();
}

/** One bar of the rows grouped: first open, highest high, lowest low, last close (by bucket), summed volume. */
const OHLCV = sql.raw(
  '(array_agg(open ORDER BY bucket))[1] AS open, max(high) AS high, min(low) AS low, (array_agg(close ORDER BY bucket DESC))[1] AS close, sum(volume) AS volume',
);

/** A bar as a raw SQL row: int8 and numeric columns may arrive as strings. */
export type RawBar = Record<keyof Candle, string | number>;

export const candleOfRow = (r: RawBar): Candle => ({
  time: Number(r.time),
  open: Number(r.open),
  high: Number(r.high),
  low: Number(r.low),
  close: Number(r.close),
  volume: Number(r.volume),
});

/** Plain PostgreSQL: aggregates 1m bars at query time. Bar time t covers [t, t + width), so the
 * 1m scan is bounded by [from - width, to + width) and the bins are then filtered to [from, to]. */
async function binBars(db: Db, interval: Exclude<CandleInterval, '1m'>, q: HistoryQuery): Promise<Candle[]> {
  const { literal, seconds } = BIN[interval];
  const bin = sql.raw(`date_bin(interval '${literal}', bucket, timestamptz 'epoch')`);
  const result = await db.execute(sql`
    SELECT extract(epoch from ${bin})::int8 AS time, ${OHLCV}
    FROM candles_1m
    WHERE symbol = ${q.symbol}
      AND bucket >= ${toDate(q.from - seconds).toISOString()}::timestamptz
      AND bucket < ${toDate(q.to + seconds).toISOString()}::timestamptz
    GROUP BY ${bin}
    HAVING ${bin} BETWEEN ${toDate(q.from).toISOString()}::timestamptz AND ${toDate(q.to).toISOString()}::timestamptz
    ORDER BY ${bin} DESC
    LIMIT ${q.limit}`);
  return rowsOf<RawBar>(result).map(candleOfRow).reverse();
}

/** True when the clock changes 1h or 1d buckets from the UTC grid. */
const shifted = (s: SessionClock | undefined): s is SessionClock => s !== undefined && !(s.timezone === 'UTC' && s.sessionOpen % 60 === 0);

/**
 * 1h and 1d bars on the exchange's clock: bins are taken on local wall time (so DST moves them with
 * the session), 1h bins from the session open, 1d bins per local date, timed at that date's UTC
 * midnight. Built from candles_1m, or from the 15-minute aggregate on TimescaleDB (its UTC quarter
 * hours are local quarter hours in every zone that trades). In the repeated autumn hour two local
 * hours share a bin; exchanges are closed then, and UTC (crypto) has none.
 */
async function sessionBins(db: Db, timescale: boolean, interval: '1h' | '1d', q: HistoryQuery, clock: SessionClock): Promise<Candle[]> {
  const table = sql.raw(timescale ? 'candles_15m' : 'candles_1m');
  const local = sql`(bucket AT TIME ZONE ${clock.timezone})`;
  const bin =
    interval === '1h'
      ? sql`date_bin(interval '1 hour', ${local}, timestamp '2000-01-03 00:00' + make_interval(mins => ${clock.sessionOpen}::int))`
      : sql`date_trunc('day', ${local})`;
  // A 1h bin is a local wall time (back to an instant in the zone); a 1d bin names a date (its UTC midnight).
  const time = interval === '1h' ? sql`extract(epoch from (bin AT TIME ZONE ${clock.timezone}))::int8` : sql`extract(epoch from bin)::int8`;
  // The first candle a bin from `from` on can hold: a 1h bin starts at or after `from`; a 1d bin
  // timed at or after `from` is a date from ceil(from) on, starting at that date's local midnight.
  // (A day's slack instead scanned the day before too: twice the rows for today's bar of a 5Y read.)
  const firstDate = new Date(Math.ceil(q.from / 86_400) * 86_400_000).toISOString().slice(0, 10);
  const first = interval === '1h' ? sql`${toDate(q.from).toISOString()}::timestamptz` : sql`(${firstDate}::date::timestamp AT TIME ZONE ${clock.timezone})`;
  const result = await db.execute(sql`
    WITH src AS (
      SELECT ${bin} AS bin, bucket, open, high, low, close, volume
      FROM ${table}
      WHERE symbol = ${q.symbol}
        AND bucket >= ${first}
        AND bucket < ${toDate(q.to + 2 * 86_400).toISOString()}::timestamptz)
    SELECT ${time} AS time, ${OHLCV}
    FROM src
    GROUP BY bin
    HAVING ${time} BETWEEN ${q.from} AND ${q.to}
    ORDER BY 1 DESC
    LIMIT ${q.limit}`);
  return rowsOf<RawBar>(result).map(candleOfRow).reverse();
}

export function createCandleRepository(db: Db, opts: { timescale: boolean }): CandleRepository {
  return {
    upsertMany: (input) =>
      guard('upsert candles', async () => {
        if (input.length === 0) return [];
        const unique = dedupe(input);
        const written = new Set<string>();
        for (let i = 0; i < unique.length; i += ROWS_PER_STATEMENT) {
          // Each column bound as one array: a backfill's 500 rows are 7 parameters, not 3,500, which
          // the query builder spent ~5 us apiece on (400 ms of a backfill's CPU at start, bench/tmp).
          const batch = unique.slice(i, i + ROWS_PER_STATEMENT);
          const col = <T>(f: (c: SymbolCandle) => T) => sql.param(batch.map(f));
          const result = await db.execute(sql`
            INSERT INTO candles_1m AS c (symbol, bucket, open, high, low, close, volume)
            SELECT symbol, to_timestamp(t), open, high, low, close, volume
            FROM unnest(${col((c) => c.symbol)}::text[], ${col((c) => c.time)}::int8[], ${col((c) => c.open)}::float8[],
              ${col((c) => c.high)}::float8[], ${col((c) => c.low)}::float8[], ${col((c) => c.close)}::float8[],
              ${col((c) => c.volume)}::float8[]) AS u(symbol, t, open, high, low, close, volume)
            ON CONFLICT (symbol, bucket) DO UPDATE SET
              open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume
            -- Re-polling an unchanged bar neither rewrites the row nor reports it as new.
            WHERE (c.open, c.high, c.low, c.close, c.volume) IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume)
            RETURNING symbol, extract(epoch from bucket)::int8 AS time`);
          for (const r of rowsOf<{ symbol: string; time: string | number }>(result)) written.add(rowKey({ symbol: r.symbol, time: Number(r.time) }));
        }
        return unique.filter((c) => written.has(rowKey(c)));
      }),

    history: (q) =>
      guard('read candle history', async () => {
        if (q.limit <= 0 || q.from > q.to) return [];
        if (q.interval === '1m') return readBars(db, candles1m, q);
        if ((q.interval === '1h' || q.interval === '1d') && shifted(q.session)) return sessionBins(db, opts.timescale, q.interval, q, q.session);
        if (opts.timescale) return readBars(db, candleAggregates[q.interval], q);
        return binBars(db, q.interval, q);
      }),

    lastBuckets: (symbols) =>
      guard('read last buckets', async () => {
        const out = new Map<string, number>();
        if (symbols.length === 0) return out;
        // max() per symbol is one backward index probe each.
        const result = await db.execute(sql`
          SELECT s.symbol, extract(epoch from (SELECT max(c.bucket) FROM candles_1m c WHERE c.symbol = s.symbol))::int8 AS time
          FROM unnest(${sql.param([...symbols])}::text[]) AS s(symbol)`);
        for (const r of rowsOf<{ symbol: string; time: string | number | null }>(result)) {
          if (r.time !== null) out.set(r.symbol, Number(r.time));
        }
        return out;
      }),

    settle: (span) =>
      guard('settle aggregates', async () => {
        if (opts.timescale) await settleAggregates(db, span, Math.floor(Date.now() / 1000));
      }),
  };
}
