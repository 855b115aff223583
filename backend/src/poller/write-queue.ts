// Writes each cycle's rows to the store; when the store is unreachable the rows wait here,
// bounded, and are written in order once it answers again. Rows are keyed (tick: symbol+time,
// candle: symbol+bucket) so a candle revised while waiting is queued once, latest version.
import type { SymbolCandle, Tick } from '@tickstream/shared';
import { AppError, errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import { rowKey } from '../store/row-key.ts';

/** Rows per store call while draining the queue. */
export const FLUSH_CHUNK_ROWS = 1000;

type Row = { kind: 'tick'; row: Tick } | { kind: 'candle'; row: SymbolCandle };

export type WriteOutcome =
  | { stored: true; newTicks: Tick[]; changedCandles: SymbolCandle[] }
  /** not written now: queued (or dropped when the error was not an outage) */
  | { stored: false };

export interface WriteQueue {
  write(ticks: readonly Tick[], candles: readonly SymbolCandle[]): Promise<WriteOutcome>;
  /** Drains in order; resolves true when the queue is empty afterwards. */
  flush(): Promise<boolean>;
  size(): number;
  /** The store error that put rows in the queue, while rows are waiting. */
  error(): { code: string; message: string; at: number } | null;
  droppedTotal(): number;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P03']);

/** Store codes that mean "these rows are wrong": retrying cannot help. */
const REJECTED_CODES = new Set(['STORE_CONSTRAINT', 'STORE_INVALID_VALUE']);

/**
 * A store that cannot be reached (queue and retry), as opposed to rows it rejects (drop them).
 * STORE_QUERY, the store's catch-all, counts as an outage: better to hold rows than lose them.
 */
export function isStoreOutage(err: unknown): boolean {
  if (err instanceof AppError) return err.code.startsWith('STORE_') && !REJECTED_CODES.has(err.code);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return /connection|terminat|timeout|ECONN/i.test(errorMessage(err));
}

export interface WriteQueueDeps {
  store: Pick<Store, 'ticks' | 'candles'>;
  metrics: Pick<Metrics, 'rowsWritten' | 'writeQueueDepth' | 'writeQueueDropped'>;
  logger: Logger;
  /** config.poll.writeQueueMax */
  max: number;
  now: () => number;
}

export function createWriteQueue(deps: WriteQueueDeps): WriteQueue {
  const queue = new Map<string, Row>();
  let lastError: { code: string; message: string; at: number } | null = null;
  let dropped = 0;
  let flushing: Promise<boolean> | null = null;

  const keyOf = (r: Row) => `${r.kind}\u0000${rowKey(r.row)}`;
  const gauge = () => deps.metrics.writeQueueDepth.set(queue.size);

  function drop(count: number, why: string) {
    if (count <= 0) return;
    dropped += count;
    deps.metrics.writeQueueDropped.inc(count);
    deps.logger.warn({ dropped: count, droppedTotal: dropped, queued: queue.size, max: deps.max }, `write queue: dropped rows (${why})`);
  }

  function enqueue(rows: Row[]) {
    for (const r of rows) {
      const key = keyOf(r);
      queue.delete(key); // re-insert at the end: the newest revision is written last
      queue.set(key, r);
    }
    // Oldest rows go first: a live dashboard needs the recent past most.
    let excess = queue.size - deps.max;
    if (excess > 0) {
      const n = excess;
      for (const key of queue.keys()) {
        if (excess-- <= 0) break;
        queue.delete(key);
      }
      drop(n, 'queue full during a store outage');
    }
    gauge();
  }

  function noteError(err: unknown) {
    const code = err instanceof AppError ? err.code : 'STORE_UNAVAILABLE';
    lastError = { code, message: `store write failed: ${errorMessage(err)}`, at: deps.now() };
  }

  async function writeRows(ticks: Tick[], candles: SymbolCandle[]) {
    const newTicks = ticks.length ? await deps.store.ticks.insertMany(ticks) : [];
    if (ticks.length) deps.metrics.rowsWritten.inc({ table: 'ticks' }, ticks.length);
    const changed = candles.length ? await deps.store.candles.upsertMany(candles) : [];
    if (candles.length) deps.metrics.rowsWritten.inc({ table: 'candles' }, candles.length);
    return { newTicks, changed };
  }

  async function drain(): Promise<boolean> {
    while (queue.size > 0) {
      const batch: Array<[string, Row]> = [];
      for (const entry of queue) {
        batch.push(entry);
        if (batch.length >= FLUSH_CHUNK_ROWS) break;
      }
      const ticks = batch.flatMap(([, r]) => (r.kind === 'tick' ? [r.row] : []));
      const candles = batch.flatMap(([, r]) => (r.kind === 'candle' ? [r.row] : []));
      try {
        await writeRows(ticks, candles);
      } catch (err) {
        if (isStoreOutage(err)) {
          noteError(err);
          return false;
        }
        // Rows the store rejects would block the queue forever: drop them, loudly.
        deps.logger.error({ err, rows: batch.length }, 'write queue: the store rejected queued rows');
        for (const [key, r] of batch) if (queue.get(key) === r) queue.delete(key);
        drop(batch.length, 'rejected by the store');
        gauge();
        continue;
      }
      // A row revised while this chunk was in flight stays queued (its newer version).
      for (const [key, r] of batch) if (queue.get(key) === r) queue.delete(key);
      gauge();
    }
    if (lastError) deps.logger.info('write queue drained: the store is writable again');
    lastError = null;
    return true;
  }

  function flush(): Promise<boolean> {
    if (queue.size === 0) return Promise.resolve(true);
    flushing ??= drain().finally(() => {
      flushing = null;
    });
    return flushing;
  }

  return {
    async write(ticks, candles) {
      const rows: Row[] = [...ticks.map((row) => ({ kind: 'tick' as const, row })), ...candles.map((row) => ({ kind: 'candle' as const, row }))];
      if (queue.size > 0 || flushing) {
        // Older rows are still waiting: keep order by queueing behind them.
        enqueue(rows);
        await flush();
        return { stored: false };
      }
      try {
        const { newTicks, changed } = await writeRows([...ticks], [...candles]);
        return { stored: true, newTicks, changedCandles: changed };
      } catch (err) {
        if (!isStoreOutage(err)) {
          deps.logger.error({ err, rows: rows.length }, 'the store rejected a poll cycle\'s rows');
          drop(rows.length, 'rejected by the store');
          return { stored: false };
        }
        // Ticks may have been written before the candles failed; re-inserting them is idempotent.
        if (!lastError) deps.logger.warn({ err }, 'store unavailable: queueing rows until it is back (live delivery continues)');
        noteError(err);
        enqueue(rows);
        return { stored: false };
      }
    },
    flush,
    size: () => queue.size,
    error: () => (queue.size > 0 ? lastError : null),
    droppedTotal: () => dropped,
  };
}
