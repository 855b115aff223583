// Daily history: each followed symbol's daily chart (back to its first trade date) is fetched once
// per exchange day, on the first leadership term that sees it and when it is added, and then by
// `check` after polls. A symbol's first sync is a full fetch; later ones re-read the last days
// (Yahoo revises them) unless a new dividend or split appeared, which re-prices Yahoo's adjusted
// close back to the start: then the whole history is fetched again. Only completed days are stored;
// the forming day is served from live 1m candles (history/service.ts). One symbol at a time.
import type { SourceStatus } from '@tickstream/shared';
import type { Logger } from '../logger.ts';
import { errorMessage } from '../errors.ts';
import type { QuoteSource } from '../sources/types.ts';
import type { Store } from '../store/types.ts';
import { addDays, isoDateSeconds, localDate } from '../time/exchange.ts';

/** How often `check` looks for symbols whose day has turned. */
export const DAILY_CHECK_MS = 10 * 60_000;
/** A first sync reaches back to the first trade date: Yahoo clips period1 to it. */
const FAR_PAST = Date.UTC(1900, 0, 1) / 1000;
/** Days re-read by a later sync (Yahoo revises recent days). */
const OVERLAP_DAYS = 10;

export interface DailySyncDeps {
  source: Pick<QuoteSource, 'fetchDaily'>;
  store: Pick<Store, 'dailyBars'>;
  logger: Logger;
  /** unix ms */
  now: () => number;
  onProgress: (progress: SourceStatus['backfill']) => void;
}

export interface DailyHistorySync {
  /** Queues symbols whose daily history is missing or from an earlier exchange day; `announce` lists them in the progress. */
  enqueue(symbols: readonly string[], options?: { announce?: boolean }): void;
  /** enqueue(symbols), at most every DAILY_CHECK_MS. */
  check(symbols: readonly string[]): void;
  begin(): void;
  abort(): void;
  settled(): Promise<void>;
}

export function createDailySync(deps: DailySyncDeps): DailyHistorySync {
  const { source, store, logger, now } = deps;
  const fetchDaily = source.fetchDaily?.bind(source);
  let abort = new AbortController();
  let chain: Promise<void> = Promise.resolve();
  let lastCheck = -Infinity;
  const queued = new Set<string>();
  const announced = new Set<string>();
  const progress = { done: 0, total: 0, running: false };
  const report = () => deps.onProgress(announced.size > 0 ? { ...progress, symbols: [...announced] } : { ...progress });

  async function syncOne(symbol: string, signal: AbortSignal): Promise<void> {
    if (!fetchDaily) return;
    const nowSec = Math.floor(now() / 1000);
    const [sync, newest] = await Promise.all([store.dailyBars.syncs([symbol]).then((m) => m.get(symbol)), store.dailyBars.newestDay(symbol)]);
    const since = sync && newest ? addDays(newest, -OVERLAP_DAYS) : null;
    let history = await fetchDaily(symbol, since ? isoDateSeconds(since) : FAR_PAST, signal);
    if (since && newest && history.bars.some((b) => b.day > newest && (b.dividend || b.splitRatio))) {
      logger.info({ symbol }, 'daily history: a new dividend or split re-prices the adjusted close; fetching all of it');
      history = await fetchDaily(symbol, FAR_PAST, signal);
    }
    if (signal.aborted) return;
    const today = localDate(nowSec, history.timezone);
    const written = await store.dailyBars.upsertMany(history.bars.filter((b) => b.day < today));
    await store.dailyBars.recordSync(symbol, { syncedAt: nowSec, timezone: history.timezone, sessionOpen: history.sessionOpen, firstTradeDay: history.firstTradeDay });
    logger.info({ symbol, days: history.bars.length, written, full: !since }, 'daily history synced');
  }

  async function run(symbol: string, signal: AbortSignal): Promise<void> {
    try {
      if (!signal.aborted) await syncOne(symbol, signal);
    } catch (err) {
      // Tried again by the next check (within DAILY_CHECK_MS): its sync record was not written.
      if (!signal.aborted) logger.warn({ symbol, err: errorMessage(err) }, 'daily history sync failed');
    } finally {
      queued.delete(symbol);
      announced.delete(symbol);
      progress.done++;
      progress.running = queued.size > 0;
      report();
    }
  }

  /** Symbols never synced, or last synced on an earlier day of their exchange. */
  async function dueOf(symbols: readonly string[]): Promise<string[]> {
    const syncs = await store.dailyBars.syncs(symbols);
    const nowSec = Math.floor(now() / 1000);
    return symbols.filter((s) => {
      const last = syncs.get(s);
      return !last || localDate(last.syncedAt, last.timezone) < localDate(nowSec, last.timezone);
    });
  }

  const sync: DailyHistorySync = {
    enqueue(symbols, options) {
      const fresh = symbols.filter((s) => !queued.has(s));
      if (!fetchDaily || fresh.length === 0) return;
      const signal = abort.signal;
      for (const s of fresh) {
        queued.add(s);
        if (options?.announce) announced.add(s);
      }
      if (options?.announce) report();
      chain = chain
        .then(async () => {
          const due = signal.aborted ? [] : await dueOf(fresh).catch(() => [...fresh]);
          for (const s of fresh.filter((x) => !due.includes(x))) {
            queued.delete(s);
            announced.delete(s);
          }
          progress.total += due.length;
          progress.running = queued.size > 0;
          if (due.length > 0 || options?.announce) report();
          for (const s of due) await run(s, signal);
        })
        .catch((err: unknown) => logger.error({ err }, 'daily history sync failed unexpectedly'));
    },
    check(symbols) {
      if (now() - lastCheck < DAILY_CHECK_MS) return;
      lastCheck = now();
      sync.enqueue(symbols);
    },
    begin() {
      abort = new AbortController();
      lastCheck = now();
    },
    abort() {
      abort.abort();
    },
    settled: () => chain,
  };
  return sync;
}
