// The poll loop of one leadership term: runs a cycle on each scheduler slot (after the term's
// preparation), keeps the abort handle of the poll in flight, and logs schedule events and source
// state transitions. What a cycle does is in cycle.ts; when it runs is in scheduler.ts.
import type { Logger } from '../logger.ts';
import { runCycle, type CycleDeps } from './cycle.ts';
import { createScheduler } from './scheduler.ts';

export interface PollLoopDeps {
  cycle: CycleDeps;
  logger: Logger;
  now: () => number;
  /** [0, 1) for backoff jitter */
  random: () => number;
  intervalMs: number;
  backoffMaxMs: number;
  /** the symbols to poll, read at the start of each cycle */
  symbols: () => readonly string[];
  /** after every cycle that did not throw (e.g. to retry failed backfills) */
  afterCycle: () => void;
  /** after every scheduling decision, when the source status may have changed */
  onStatusMayChange: () => void;
}

export interface PollLoop {
  /** Starts polling on the fixed-rate grid; the first cycle waits for `prepared` (settled either way). */
  start(prepared: Promise<unknown>): void;
  /** Aborts the poll in flight, if any (its cycle resolves soon after). */
  abortInFlight(): void;
  /** Cancels the next poll and waits for the one in flight. */
  stop(): Promise<void>;
}

export function createPollLoop(deps: PollLoopDeps): PollLoop {
  const { logger, cycle } = deps;
  const { status, queue } = cycle;
  let inFlight: AbortController | null = null;
  let prepared: Promise<unknown> = Promise.resolve();
  let lastState = status.state();

  function logTransition() {
    const state = status.state();
    if (state === lastState) return;
    const lastError = status.snapshot().lastError;
    if (state === 'ok') logger.info({ from: lastState, to: state }, 'source status changed');
    else logger.warn({ from: lastState, to: state, code: lastError?.code, err: lastError?.message }, 'source status changed');
    lastState = state;
  }

  const scheduler = createScheduler({
    intervalMs: deps.intervalMs,
    backoffMaxMs: deps.backoffMaxMs,
    now: deps.now,
    random: deps.random,
    retryAfterMs: () => status.retryAfterMs(),
    run: async () => {
      const controller = new AbortController();
      inFlight = controller;
      try {
        await prepared;
        const ok = await runCycle(cycle, deps.symbols(), controller.signal);
        deps.afterCycle();
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
      deps.onStatusMayChange();
    },
  });

  return {
    start(ready) {
      prepared = ready;
      scheduler.start();
    },
    abortInFlight() {
      inFlight?.abort();
    },
    stop: () => scheduler.stop(),
  };
}
