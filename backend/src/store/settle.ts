// TimescaleDB's aggregates (5m, 15m, 1h, 1d) are real-time: a read joins what the refresh policies
// materialized with the raw 1m rows above the watermark (where the last refresh stopped). A bar
// written below the watermark after that refresh, such as the history backfilled for a symbol just
// followed (weeks back, while the other symbols kept the watermark near now), stays invisible in
// every aggregate until the next policy run: up to 5 minutes for 15m, an hour for 1d. Settling
// refreshes the written span at once, level by level (each view is built from the one below).
// Each view stops where its policy stops (migrations/0003's end offsets), so the buckets still
// moving stay real-time.
import { sql } from 'drizzle-orm';
import type { Db } from './db.ts';

/** The views finest first, each with its bucket and its policy's end offset, in seconds. */
const VIEWS = [
  { view: 'candles_5m', bucket: 300, endOffset: 300 },
  { view: 'candles_15m', bucket: 900, endOffset: 900 },
  { view: 'candles_1h', bucket: 3600, endOffset: 3600 },
  { view: 'candles_1d', bucket: 86_400, endOffset: 86_400 },
] as const;

/** The refresh window of one view for bars in [from, to]: whole buckets, ending at the policy's end. */
export function refreshWindow(span: { from: number; to: number }, bucket: number, endOffset: number, nowSec: number): { from: number; to: number } | null {
  const from = Math.floor(span.from / bucket) * bucket;
  const to = Math.min(Math.floor(span.to / bucket) * bucket + bucket, Math.floor((nowSec - endOffset) / bucket) * bucket);
  return to > from ? { from, to } : null;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export async function settleAggregates(db: Db, span: { from: number; to: number }, nowSec: number): Promise<void> {
  for (const { view, bucket, endOffset } of VIEWS) {
    const w = refreshWindow(span, bucket, endOffset, nowSec);
    // CALL refuses a transaction block and bind parameters here: the view is from the list above and
    // the bounds are ISO strings made from numbers, so inlining them is safe.
    if (w) await db.execute(sql.raw(`CALL refresh_continuous_aggregate('${view}', '${iso(w.from)}', '${iso(w.to)}')`));
  }
}
