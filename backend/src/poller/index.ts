// The poller: wins the poller lock, backfills history, then polls the quote source on a fixed
// schedule, writing rows through the write queue and publishing what changed to live delivery.
// This file only composes its parts, one object per role:
//   leadership.ts            who polls (one instance per database)
//   poll-loop.ts             when and what each cycle runs (scheduler.ts + cycle.ts)
//   backfill-coordinator.ts  history fetched at the start of a term and for added symbols
//   daily-sync.ts            daily history (years of daily bars), once per exchange day per symbol
//   write-queue.ts, live-publish.ts  where a cycle's rows go (store, live delivery)
// Nothing here may reject unhandled: every async path ends in a catch that logs.
import { isValidSymbol, normalizeSymbol } from '@tickstream/shared';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { QuoteSource } from '../sources/types.ts';
import type { Store } from '../store/types.ts';
import { waitAtMost } from '../timeouts.ts';
import { createBackfillCoordinator } from './backfill-coordinator.ts';
import { createDailySync } from './daily-sync.ts';
import { barPolicyFor, createBarPlanner } from './bar-plan.ts';
import { createFormingBars } from './forming.ts';
import { createLeaderElection } from './leadership.ts';
import { createLivePublish } from './live-publish.ts';
import { createPollLoop } from './poll-loop.ts';
import { createPublishedRecord } from './published-record.ts';
import { createStatusTracker } from './status.ts';
import type { MarketPublisher, Poller } from './types.ts';
import { createWriteQueue } from './write-queue.ts';

export { BACKFILL_RETRY_MS } from './backfill-coordinator.ts';

/** Longest stop() waits for the poll in flight and for the queue flush, each. */
export const STOP_WAIT_MS = 5_000;

/** What the poller needs from the app (createApp passes its context). */
export interface PollerDeps {
  config: Pick<Config, 'watchlist' | 'poll'> & { source: Pick<Config['source'], 'concurrency'> };
  store: Pick<Store, 'ticks' | 'candles' | 'dailyBars' | 'tryLead'>;
  source: QuoteSource;
  logger: Logger;
  metrics: Metrics;
  /** unix ms */
  now: () => number;
}

export interface PollerOptions {
  /** [0, 1) for backoff jitter; tests pass a fixed one */
  random?: () => number;
}

export function createPoller(deps: PollerDeps, publisher: MarketPublisher, options: PollerOptions = {}): Poller {
  const { config, store, source, metrics, now } = deps;
  const logger = deps.logger.child({ module: 'poller' });
  const random = options.random ?? Math.random;
  const status = createStatusTracker(source.name, now);
  const queue = createWriteQueue({ store, metrics, logger, max: config.poll.writeQueueMax, now });
  const published = createPublishedRecord();
  const forming = createFormingBars();
  const planner = createBarPlanner(barPolicyFor(source.name, config.source.concurrency));
  const publish = createLivePublish(publisher, logger);

  let symbols = normalize(config.watchlist);
  let started = false;

  function normalize(list: readonly string[]): string[] {
    const out = [...new Set(list.map(normalizeSymbol))];
    const bad = out.filter((s) => !isValidSymbol(s));
    if (bad.length) logger.warn({ symbols: bad }, 'ignoring invalid symbols');
    return out.filter(isValidSymbol);
  }

  async function publishStatusIfChanged(): Promise<void> {
    if (!election.isLeader()) return;
    const s = status.takeChanged();
    if (s) await publish({ ticks: [], candles: [], status: s });
  }

  const backfill = createBackfillCoordinator({
    source,
    store,
    logger,
    now,
    random,
    concurrency: config.source.concurrency,
    backoffMaxMs: config.poll.backoffMaxMs,
    days: config.poll.backfillDays,
    onProgress: (progress) => {
      status.setBackfill(progress);
      void publishStatusIfChanged();
    },
  });

  const daily = createDailySync({
    source,
    store,
    logger,
    now,
    onProgress: (progress) => {
      status.setDailyHistory(progress);
      void publishStatusIfChanged();
    },
  });

  const loop = createPollLoop({
    cycle: { source, publish, logger, metrics, now, concurrency: config.source.concurrency, status, queue, published, forming, planner },
    logger,
    now,
    random,
    intervalMs: config.poll.intervalMs,
    backoffMaxMs: config.poll.backoffMaxMs,
    symbols: () => symbols,
    afterCycle: () => {
      backfill.retryFailed(symbols, status.consecutiveFailures() > 0);
      daily.check(symbols);
    },
    onStatusMayChange: () => void publishStatusIfChanged(),
  });

  function startLeading() {
    const list = symbols;
    // Read before the first poll writes: what is stored counts as published (a restart
    // re-announces nothing), and the newest stored bars show the gaps to backfill.
    const ready = (async () => {
      const [latest, buckets] = await Promise.allSettled([store.ticks.latest(list), store.candles.lastBuckets(list)]);
      if (latest.status === 'fulfilled') published.recordTicks(latest.value);
      return buckets.status === 'fulfilled' ? buckets.value : null;
    })();
    backfill.begin();
    daily.begin();
    loop.start(ready);
    backfill.enqueue(list, ready);
    // After the 1m backfill: the chart of today needs those first.
    void backfill.settled().then(() => daily.enqueue(list));
  }

  function stopLeading() {
    loop.abortInFlight();
    backfill.abort();
    daily.abort();
    status.setNextAttempt(null);
    void loop.stop();
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
      loop.abortInFlight();
      backfill.abort();
      daily.abort();
      await waitAtMost(Promise.all([loop.stop(), backfill.settled(), daily.settled()]), STOP_WAIT_MS);
      await waitAtMost(queue.flush(), STOP_WAIT_MS);
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
      published.retain(next);
      forming.retain(next);
      if (election.isLeader() && added.length) {
        backfill.enqueue(added, undefined, { announce: true });
        daily.enqueue(added, { announce: true });
      }
    },
    symbols: () => symbols,
    pendingWrites: () => queue.size(),
  };
}
