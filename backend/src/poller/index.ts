// The poller: wins the poller lock, backfills history, then polls the quote source on a fixed
// schedule, writing rows through the write queue and publishing what changed to live delivery.
// Nothing here may reject unhandled: every async path ends in a catch that logs.
import { isValidSymbol, normalizeSymbol } from '@tickstream/shared';
import type { Context } from '../app.ts';
import type { MarketPublisher, MarketUpdate } from '../bus/types.ts';
import { errorMessage } from '../errors.ts';
import { planBackfill, runBackfill } from './backfill.ts';
import { barPolicyFor, createBarPlanner } from './bar-plan.ts';
import { runCycle, type CycleDeps } from './cycle.ts';
import { createFormingBars } from './forming.ts';
import { createLeaderElection } from './leadership.ts';
import { createPublishMemory } from './memory.ts';
import { createScheduler } from './scheduler.ts';
import { createStatusTracker } from './status.ts';
import type { Poller } from './types.ts';
import { createWriteQueue } from './write-queue.ts';

/** Longest stop() waits for the poll in flight and for the queue flush, each. */
export const STOP_WAIT_MS = 5_000;
/** Symbols whose backfill failed (Yahoo down at start) are tried again, at most this often. */
export const BACKFILL_RETRY_MS = 10 * 60_000;

export interface PollerOptions {
  /** [0, 1) for backoff jitter; tests pass a fixed one */
  random?: () => number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createPoller(ctx: Context, publisher: MarketPublisher, options: PollerOptions = {}): Poller {
  const { config, store, source, metrics, now } = ctx;
  const logger = ctx.logger.child({ module: 'poller' });
  const random = options.random ?? Math.random;
  const status = createStatusTracker(source.name, now);
  const queue = createWriteQueue({ store, metrics, logger, max: config.poll.writeQueueMax, now });
  const memory = createPublishMemory();
  const forming = createFormingBars();
  const planner = createBarPlanner(barPolicyFor(source.name, config.source.concurrency));

  let symbols = normalize(config.watchlist);
  let started = false;
  let inFlight: AbortController | null = null;
  let prepared: Promise<unknown> = Promise.resolve();
  let backfillAbort = new AbortController();
  let backfillChain: Promise<void> = Promise.resolve();
  let backfillPending = 0;
  const progress = { done: 0, total: 0, running: false };
  const backfillFailed = new Set<string>();
  let lastBackfillRetryAt = -Infinity;
  let publishFailing = false;
  let lastState = status.state();

  function normalize(list: readonly string[]): string[] {
    const out = [...new Set(list.map(normalizeSymbol))];
    const bad = out.filter((s) => !isValidSymbol(s));
    if (bad.length) logger.warn({ symbols: bad }, 'ignoring invalid symbols');
    return out.filter(isValidSymbol);
  }

  async function publish(update: MarketUpdate): Promise<void> {
    try {
      await publisher.publish(update);
      if (publishFailing) logger.info('live delivery accepts updates again');
      publishFailing = false;
    } catch (err) {
      if (!publishFailing) logger.warn({ err: errorMessage(err) }, 'publishing to live delivery failed (logged once until it recovers)');
      publishFailing = true;
    }
  }

  async function publishStatusIfChanged(): Promise<void> {
    if (!election.isLeader()) return;
    const s = status.takeChanged();
    if (s) await publish({ ticks: [], candles: [], status: s });
  }

  function logTransition() {
    const state = status.state();
    if (state === lastState) return;
    const lastError = status.snapshot().lastError;
    if (state === 'ok') logger.info({ from: lastState, to: state }, 'source status changed');
    else logger.warn({ from: lastState, to: state, code: lastError?.code, err: lastError?.message }, 'source status changed');
    lastState = state;
  }

  const cycleDeps: CycleDeps = { source, publish, logger, metrics, now, concurrency: config.source.concurrency, status, queue, memory, forming, planner };

  const scheduler = createScheduler({
    intervalMs: config.poll.intervalMs,
    backoffMaxMs: config.poll.backoffMaxMs,
    now,
    random,
    retryAfterMs: () => status.retryAfterMs(),
    run: async () => {
      const controller = new AbortController();
      inFlight = controller;
      try {
        await prepared;
        const ok = await runCycle(cycleDeps, symbols, controller.signal);
        retryFailedBackfill();
        return ok;
      } catch (err) {
        logger.error({ err }, 'poll cycle failed unexpectedly');
        return false;
      } finally {
        inFlight = null;
        status.setStore(queue.size(), queue.error());
      }
    },
    onSchedule: ({ nextAt, failures, skippedSlots, delayMs }) => {
      status.setNextAttempt(nextAt);
      if (failures > 0) {
        const e = status.snapshot().lastError;
        logger.warn({ code: e?.code, err: e?.message, failures, retryInMs: delayMs, state: status.state() }, 'quote poll failed; backing off');
      }
      if (skippedSlots > 0) logger.warn({ skippedSlots }, 'a poll overran its interval; skipped the missed slots');
      logTransition();
      void publishStatusIfChanged();
    },
  });

  function setBackfillStatus() {
    status.setBackfill(progress);
    void publishStatusIfChanged();
  }

  /** Queues a backfill for `list`; `lastBuckets` is read before the first poll writes, so gaps are seen. */
  function startBackfill(list: readonly string[], lastBuckets?: Promise<Map<string, number> | null>) {
    if (config.poll.backfillDays <= 0 || list.length === 0) return;
    const signal = backfillAbort.signal;
    backfillPending++;
    backfillChain = backfillChain
      .then(async () => {
        if (signal.aborted) return;
        const buckets = lastBuckets ? await lastBuckets : await store.candles.lastBuckets(list).catch(() => null);
        if (!buckets) {
          logger.warn({ symbols: list.length }, 'backfill skipped: could not read the last stored bars');
          return;
        }
        const items = planBackfill(list, buckets, Math.floor(now() / 1000), config.poll.backfillDays);
        if (items.length === 0 || signal.aborted) return;
        progress.total += items.length;
        progress.running = true;
        setBackfillStatus();
        const t0 = now();
        logger.info(
          { symbols: items.length, initial: items.filter((i) => i.kind === 'initial').length, gaps: items.filter((i) => i.kind === 'gap').length, requests: items.reduce((n, i) => n + i.chunks.length, 0) },
          'backfill started',
        );
        const summary = await runBackfill(
          {
            source,
            store,
            logger,
            concurrency: config.source.concurrency,
            backoffMaxMs: config.poll.backoffMaxMs,
            random,
            signal,
            onProgress: (symbol) => {
              progress.done++;
              logger.info({ symbol, done: progress.done, total: progress.total }, 'backfill progress');
              setBackfillStatus();
            },
          },
          items,
        );
        if (!signal.aborted) {
          logger.info({ bars: summary.bars, failed: summary.failed, ms: now() - t0 }, 'backfill finished');
          for (const s of summary.failed) backfillFailed.add(s);
        }
      })
      .catch((err: unknown) => logger.error({ err }, 'backfill failed unexpectedly'))
      .finally(() => {
        if (--backfillPending === 0) {
          progress.running = false;
          setBackfillStatus();
        }
      });
  }

  /** Once the source answers again, symbols whose history could not be fetched get another try. */
  function retryFailedBackfill() {
    if (backfillFailed.size === 0 || backfillPending > 0 || status.consecutiveFailures() > 0) return;
    if (now() - lastBackfillRetryAt < BACKFILL_RETRY_MS) return;
    lastBackfillRetryAt = now();
    const list = symbols.filter((s) => backfillFailed.has(s));
    backfillFailed.clear();
    if (list.length) {
      logger.info({ symbols: list }, 'retrying backfill for symbols that failed earlier');
      // As if nothing were stored: live polls since then wrote recent bars, which would hide the gap.
      startBackfill(list, Promise.resolve(new Map()));
    }
  }

  function startLeading() {
    const list = symbols;
    const ready = (async () => {
      const [latest, buckets] = await Promise.allSettled([store.ticks.latest(list), store.candles.lastBuckets(list)]);
      // What the store already has counts as published: a restart re-announces nothing.
      if (latest.status === 'fulfilled') memory.recordTicks(latest.value);
      return buckets.status === 'fulfilled' ? buckets.value : null;
    })();
    prepared = ready;
    backfillAbort = new AbortController();
    scheduler.start();
    startBackfill(list, ready);
  }

  function stopLeading() {
    inFlight?.abort();
    backfillAbort.abort();
    status.setNextAttempt(null);
    void scheduler.stop();
  }

  const election = createLeaderElection({ store, logger, retryMs: config.poll.intervalMs, onLead: startLeading, onStepDown: stopLeading });

  return {
    start() {
      if (started) return;
      started = true;
      election.start();
    },
    async stop() {
      if (!started) return;
      started = false;
      inFlight?.abort();
      backfillAbort.abort();
      await withTimeout(Promise.all([scheduler.stop(), backfillChain]), STOP_WAIT_MS);
      await withTimeout(queue.flush(), STOP_WAIT_MS);
      if (queue.size() > 0) logger.warn({ rows: queue.size() }, 'stopped with rows still queued for an unreachable store; they are lost');
      await election.stop();
      status.setNextAttempt(null);
    },
    status: () => status.snapshot(),
    isLeader: () => election.isLeader(),
    setSymbols(list) {
      const next = normalize(list);
      const added = next.filter((s) => !symbols.includes(s));
      symbols = next;
      status.retainSymbols(next);
      planner.retain(next);
      memory.retain(next);
      forming.retain(next);
      if (election.isLeader() && added.length) startBackfill(added);
    },
    symbols: () => symbols,
    pendingWrites: () => queue.size(),
  };
}
