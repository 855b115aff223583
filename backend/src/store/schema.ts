// Drizzle table definitions mirroring /migrations (the SQL files are the source of truth; these only
// type the queries). Candle views share the candles_1m shape, so one factory describes them all.
import { date, doublePrecision, integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

export const ticks = pgTable('ticks', {
  symbol: text('symbol').notNull(),
  time: timestamp('time', { withTimezone: true, mode: 'date' }).notNull(),
  price: doublePrecision('price').notNull(),
  change: doublePrecision('change'),
  changePercent: doublePrecision('change_percent'),
  previousClose: doublePrecision('previous_close'),
  dayHigh: doublePrecision('day_high'),
  dayLow: doublePrecision('day_low'),
  dayVolume: doublePrecision('day_volume'),
  marketState: text('market_state').notNull(),
  currency: text('currency'),
  source: text('source').notNull(),
});

const candleColumns = () => ({
  symbol: text('symbol').notNull(),
  bucket: timestamp('bucket', { withTimezone: true, mode: 'date' }).notNull(),
  open: doublePrecision('open').notNull(),
  high: doublePrecision('high').notNull(),
  low: doublePrecision('low').notNull(),
  close: doublePrecision('close').notNull(),
  volume: doublePrecision('volume').notNull(),
});

// The name is widened to string so candles_1m and the aggregates share one table type.
const candleTable = (name: string) => pgTable(name, candleColumns());

export const candles1m = candleTable('candles_1m');

/** Continuous aggregates (TimescaleDB path only); read-only. */
export const candleAggregates = {
  '5m': candleTable('candles_5m'),
  '15m': candleTable('candles_15m'),
  '1h': candleTable('candles_1h'),
  '1d': candleTable('candles_1d'),
} as const;

export type CandleTable = typeof candles1m;

export const holdings = pgTable('holdings', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  symbol: text('symbol').notNull(),
  quantity: numeric('quantity').notNull(),
  costPerShare: numeric('cost_per_share').notNull(),
  note: text('note'),
  acquiredOn: date('acquired_on', { mode: 'string' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const watchlists = pgTable('watchlists', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const watchlistSymbols = pgTable('watchlist_symbols', {
  watchlistId: integer('watchlist_id').notNull(),
  symbol: text('symbol').notNull(),
  position: integer('position').notNull(),
});

export const viewedSymbols = pgTable('viewed_symbols', {
  symbol: text('symbol').primaryKey(),
  viewedUntil: timestamp('viewed_until', { withTimezone: true, mode: 'date' }).notNull(),
});

/** A timestamptz column as integer unix seconds, computed in SQL (no Date round trip per row). */
export function epochSeconds(column: AnyColumn | SQL): SQL<number> {
  return sql<number>`extract(epoch from ${column})::int8`.mapWith(Number);
}

export function toDate(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}
