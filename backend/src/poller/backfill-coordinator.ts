// Backfill coordination: queues backfills (at the start of a leadership term, for symbols added at
// run time, and again for symbols that failed), runs them one after another, keeps the progress
// counters for /api/health, and aborts them when leadership ends. runBackfill does the fetching.
import type { SourceStatus } from '@tickstream/shared';
import type { Logger } from '../logger.ts';
import type { QuoteSource } from '../sources/types.ts';
import type { Store } from '../store/types.ts';
import { planBackfill, runBackfill } from './backfill.ts';

/** Symbols whose backfill failed (Yahoo down at start) are tried again, at most this often. */
export const BACKFILL_RETRY_MS = 10 * 60_000;

export interface BackfillCoordinatorDeps {
  source: QuoteSource;
  store: Pick<Store, 'candles'>;
  logger: Logger;
  now: () => number;
  /** [0, 1) for retry jitter */
  random: () => number;
  concurrency: number;
  backoffMaxMs: number;
  /** BACKFILL_DAYS; 0 turns backfill off */
  days: number;
  /** called with the counters whenever they change */
  onProgress: (progress: SourceStatus['backfill']) => void;
}

export interface BackfillCoordinator {
  /**
   * Queues a backfill of `symbols` behind any running one. `lastBuckets` (newest stored bar per
   * symbol) may be read by the caller before the first poll writes, so that gaps are seen; when
   * absent it is read from the store when the backfill starts. `announce` lists the symbols in
   * the progress' `symbols` until their history is in (symbols added at run time, e.g. a page's
   * first view of a symbol, so the page can show progress; a term's initial backfill is not listed).
   */
  enqueue(symbols: readonly string[], lastBuckets?: Promise<Map<string, number> | null>, options?: { announce?: boolean }): void;
  /** Re-queues symbols whose backfill failed, once the source answers and at most every BACKFILL_RETRY_MS. */
  retryFailed(current: readonly string[], sourceFailing: boolean): void;
  /** Starts a leadership term: backfills queued from now on run under a fresh abort signal. */
  begin(): void;
  /** Aborts the running and queued backfills of this term. */
  abort(): void;
  /** Resolves once every queued backfill has settled (never rejects). */
  settled(): Promise<void>;
}

export function createBackfillCoordinator(deps: BackfillCoordinatorDeps): BackfillCoordinator {
  const { logger, now } = deps;
  let abort = new AbortController();
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;
  const progress = { done: 0, total: 0, running: false };
  /** announced symbols whose backfill has not settled yet */
  const announced = new Set<string>();
  const report = () => deps.onProgress(announced.size > 0 ? { ...progress, symbols: [...announced] } : { ...progress });
  const settle = (symbols: Iterable<string>) => {
    let changed = false;
    for (const s of symbols) changed = announced.delete(s) || changed;
    return changed;
  };
  const failed = new Set<string>();
  let lastRetryAt = -Infinity;

  async function run(list: readonly string[], lastBuckets: Promise<Map<string, number> | null> | undefined, signal: AbortSignal) {
    if (signal.aborted) return;
    const buckets = lastBuckets ? await lastBuckets : await deps.store.candles.lastBuckets(list).catch(() => null);
    if (!buckets) {
      logger.warn({ symbols: list.length }, 'backfill skipped: could not read the last stored bars');
      return;
    }
    const items = planBackfill(list, buckets, Math.floor(now() / 1000), deps.days);
    if (items.length === 0 || signal.aborted) return;
    progress.total += items.length;
    progress.running = true;
    settle(list.filter((s) => !items.some((i) => i.symbol === s)));
    report();
    const t0 = now();
    logger.info(
      { symbols: items.length, initial: items.filter((i) => i.kind === 'initial').length, gaps: items.filter((i) => i.kind === 'gap').length, requests: items.reduce((n, i) => n + i.chunks.length, 0) },
      'backfill started',
    );
    const summary = await runBackfill(
      {
        source: deps.source,
        store: deps.store,
        logger,
        concurrency: deps.concurrency,
        backoffMaxMs: deps.backoffMaxMs,
        random: deps.random,
        signal,
        onProgress: (symbol) => {
          progress.done++;
          settle([symbol]);
          logger.info({ symbol, done: progress.done, total: progress.total }, 'backfill progress');
          report();
        },
      },
      items,
    );
    if (!signal.aborted) {
      logger.info({ bars: summary.bars, failed: summary.failed, ms: now() - t0 }, 'backfill finished');
      for (const s of summary.failed) failed.add(s);
    }
  }

  const coordinator: BackfillCoordinator = {
    enqueue(list, lastBuckets, options) {
      if (deps.days <= 0 || list.length === 0) return;
      const signal = abort.signal;
      if (options?.announce) {
        for (const s of list) announced.add(s);
        report();
      }
      pending++;
      chain = chain
        .then(() => run(list, lastBuckets, signal))
        .catch((err: unknown) => logger.error({ err }, 'backfill failed unexpectedly'))
        .finally(() => {
          const settled = settle(list);
          if (--pending === 0) progress.running = false;
          if (pending === 0 || settled) report();
        });
    },
    retryFailed(current, sourceFailing) {
      if (failed.size === 0 || pending > 0 || sourceFailing) return;
      if (now() - lastRetryAt < BACKFILL_RETRY_MS) return;
      lastRetryAt = now();
      const list = current.filter((s) => failed.has(s));
      failed.clear();
      if (list.length) {
        logger.info({ symbols: list }, 'retrying backfill for symbols that failed earlier');
        // As if nothing were stored: live polls since then wrote recent bars, which would hide the gap.
        coordinator.enqueue(list, Promise.resolve(new Map()));
      }
    },
    begin() {
      abort = new AbortController();
    },
    abort() {
      abort.abort();
      if (settle([...announced])) report();
    },
    settled: () => chain,
  };
  return coordinator;
}
