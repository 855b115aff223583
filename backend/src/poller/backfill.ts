// History on start: symbols without recent candles get BACKFILL_DAYS of 1m bars, symbols whose
// last stored bar is older than a couple of minutes get the gap since it (after downtime).
// Yahoo serves at most 7 days of 1m bars per request and nothing older than 30 days, so
// ranges are cut into chunks, fetched newest first (the last session shows up first).
import type { SymbolCandle } from '@tickstream/shared';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { mapLimit } from '../sources/concurrency.ts';
import { toSourceError } from '../sources/errors.ts';
import type { BarRequest, QuoteSource } from '../sources/types.ts';
import type { Store } from '../store/types.ts';
import { backoffDelay } from './scheduler.ts';

/** One request's worth of 1m bars (Yahoo: "only 7 days worth of 1m granularity data per request"). */
export const CHUNK_SECONDS = 7 * 86_400 - 60;
/** Yahoo keeps 1m bars for 30 days; stay an hour inside that. */
export const MAX_AGE_SECONDS = 30 * 86_400 - 3_600;
/** A last bar this recent is the live poll's business, not backfill's. */
export const RECENT_SECONDS = 120;
/** Rows per upsert call. */
export const WRITE_SLICE = 2_000;
export const ATTEMPTS = 3;

export interface BackfillItem {
  symbol: string;
  /** newest chunk first */
  chunks: BarRequest[];
  kind: 'initial' | 'gap';
}

export function planBackfill(symbols: readonly string[], lastBuckets: ReadonlyMap<string, number>, nowSec: number, days: number): BackfillItem[] {
  if (days <= 0) return [];
  const oldest = nowSec - MAX_AGE_SECONDS;
  const items: BackfillItem[] = [];
  for (const symbol of symbols) {
    const last = lastBuckets.get(symbol);
    if (last !== undefined && nowSec - last < RECENT_SECONDS) continue;
    const from = Math.max(last ?? nowSec - days * 86_400, oldest);
    const chunks: BarRequest[] = [];
    for (let to = nowSec; to > from; to -= CHUNK_SECONDS) chunks.push({ from: Math.max(from, to - CHUNK_SECONDS), to });
    if (chunks.length) items.push({ symbol, chunks, kind: last === undefined ? 'initial' : 'gap' });
  }
  return items;
}

export interface BackfillDeps {
  source: QuoteSource;
  store: Pick<Store, 'candles'>;
  logger: Logger;
  concurrency: number;
  backoffMaxMs: number;
  random: () => number;
  signal: AbortSignal;
  /** after each symbol */
  onProgress: (symbol: string) => void;
}

export interface BackfillSummary {
  symbols: number;
  bars: number;
  failed: string[];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

async function withRetry<T>(deps: BackfillDeps, what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = toSourceError(err).code;
      if (attempt >= ATTEMPTS || deps.signal.aborted || code === 'UNKNOWN_SYMBOL' || code === 'ABORTED') throw err;
      const delay = backoffDelay(attempt, 1_000, deps.backoffMaxMs, deps.random);
      deps.logger.warn({ what, attempt, retryInMs: delay, err: errorMessage(err) }, 'backfill step failed; retrying');
      await sleep(delay, deps.signal);
    }
  }
}

export async function runBackfill(deps: BackfillDeps, items: readonly BackfillItem[]): Promise<BackfillSummary> {
  const summary: BackfillSummary = { symbols: items.length, bars: 0, failed: [] };
  await mapLimit(items, deps.concurrency, async (item) => {
    const written = { from: Number.POSITIVE_INFINITY, to: Number.NEGATIVE_INFINITY };
    try {
      for (const chunk of item.chunks) {
        if (deps.signal.aborted) return;
        const bars: SymbolCandle[] = await withRetry(deps, `${item.symbol} bars`, () => deps.source.fetchBars(item.symbol, chunk, deps.signal));
        for (let i = 0; i < bars.length; i += WRITE_SLICE) {
          const slice = bars.slice(i, i + WRITE_SLICE);
          await withRetry(deps, `${item.symbol} write`, () => deps.store.candles.upsertMany(slice));
        }
        for (const b of bars) {
          written.from = Math.min(written.from, b.time);
          written.to = Math.max(written.to, b.time);
        }
        summary.bars += bars.length;
      }
    } catch (err) {
      if (deps.signal.aborted) return;
      summary.failed.push(item.symbol);
      deps.logger.warn({ symbol: item.symbol, err: errorMessage(err) }, 'backfill gave up on a symbol');
    } finally {
      // Before the progress that tells pages to read the history again: what was written shows in
      // every interval then (TimescaleDB's aggregates would show it only at their next refresh).
      // On failure the refresh policies still catch up later.
      if (written.from <= written.to && !deps.signal.aborted) {
        await deps.store.candles.settle(written).catch((err: unknown) => deps.logger.warn({ symbol: item.symbol, err: errorMessage(err) }, 'could not refresh the aggregates after a backfill; the refresh policy will'));
      }
      if (!deps.signal.aborted) deps.onProgress(item.symbol);
    }
  });
  return summary;
}
