// The source status shown by /api/health and the UI: ok / degraded (failing, backing off, or
// rows waiting for the store) / down (failing for long). Tracks what changed so the poller
// only publishes a status when it means something new.
import type { SourceState, SourceStatus } from '@tickstream/shared';
import type { SymbolProblem } from '../sources/types.ts';

/** `down` after this many consecutive failed polls... */
export const DOWN_AFTER_FAILURES = 5;
/** ...or after failing for this long, whichever comes first. */
export const DOWN_AFTER_MS = 5 * 60_000;

type ErrorInfo = { code: string; message: string; at: number };

export interface StatusTracker {
  recordSuccess(at: number): void;
  recordFailure(error: { code: string; message: string; retryAfterMs?: number | undefined }, at: number): void;
  /** A failure that did not fail the poll (e.g. one symbol's bars). */
  recordPartial(error: { code: string; message: string }, at: number): void;
  /** Problems reported this poll; symbols that delivered a tick are cleared. */
  updateSymbols(problems: readonly SymbolProblem[], servedSymbols: readonly string[]): void;
  retainSymbols(symbols: readonly string[]): void;
  setNextAttempt(at: number | null): void;
  setBackfill(backfill: SourceStatus['backfill']): void;
  setDailyHistory(progress: SourceStatus['backfill']): void;
  /** Write-queue state: rows pending because the store failed, and the store's last error. */
  setStore(pending: number, error: ErrorInfo | null): void;
  consecutiveFailures(): number;
  /** The wait the source asked for with the last failed poll (Retry-After), if it asked. */
  retryAfterMs(): number | undefined;
  state(): SourceState;
  snapshot(): SourceStatus;
  /** The snapshot when it differs (ignoring timestamps that move every poll) from the last one taken. */
  takeChanged(): SourceStatus | undefined;
}

export function createStatusTracker(source: string, now: () => number): StatusTracker {
  let failures = 0;
  let retryAfter: number | undefined;
  let firstFailureAt: number | null = null;
  let lastSuccessAt: number | null = null;
  let lastError: ErrorInfo | null = null;
  let nextAttemptAt: number | null = null;
  let stale = false;
  const symbolErrors = new Map<string, string>();
  let backfill: SourceStatus['backfill'] = { done: 0, total: 0, running: false };
  let dailyHistory: SourceStatus['backfill'] | null = null;
  let storePending = 0;
  let lastTakenKey: string | null = null;
  let intervalShown = false;

  const state = (): SourceState => {
    if (failures >= DOWN_AFTER_FAILURES) return 'down';
    if (firstFailureAt !== null && now() - firstFailureAt >= DOWN_AFTER_MS) return 'down';
    if (failures > 0 || storePending > 0) return 'degraded';
    return 'ok';
  };

  const snapshot = (): SourceStatus => ({
    state: state(),
    source,
    lastSuccessAtMs: lastSuccessAt,
    lastError: lastError ? { code: lastError.code, message: lastError.message, atMs: lastError.at } : null,
    nextAttemptAtMs: nextAttemptAt,
    stale,
    symbolErrors: Object.fromEntries([...symbolErrors].sort(([a], [b]) => a.localeCompare(b))),
    backfill: { ...backfill },
    ...(dailyHistory ? { dailyHistory: { ...dailyHistory } } : {}),
  });

  return {
    recordSuccess(at) {
      failures = 0;
      retryAfter = undefined;
      firstFailureAt = null;
      lastSuccessAt = at;
      stale = false;
    },
    recordFailure(error, at) {
      failures++;
      firstFailureAt ??= at;
      lastError = { code: error.code, message: error.message, at };
      retryAfter = error.retryAfterMs;
      // The last good prices stay on screen, flagged as older than this failed poll.
      stale = true;
    },
    recordPartial(error, at) {
      lastError = { code: error.code, message: error.message, at };
    },
    updateSymbols(problems, served) {
      for (const s of served) symbolErrors.delete(s);
      for (const p of problems) symbolErrors.set(p.symbol, `${p.code}: ${p.message}`);
    },
    retainSymbols(symbols) {
      const keep = new Set(symbols);
      for (const s of [...symbolErrors.keys()]) if (!keep.has(s)) symbolErrors.delete(s);
    },
    setNextAttempt(at) {
      nextAttemptAt = at;
    },
    setBackfill(b) {
      backfill = { ...b, ...(b.symbols ? { symbols: [...b.symbols] } : {}) };
    },
    setDailyHistory(d) {
      dailyHistory = { ...d, ...(d.symbols ? { symbols: [...d.symbols] } : {}) };
    },
    setStore(pending, error) {
      storePending = pending;
      if (error && (!lastError || lastError.at <= error.at)) lastError = { ...error };
    },
    consecutiveFailures: () => failures,
    retryAfterMs: () => retryAfter,
    state,
    snapshot,
    takeChanged() {
      const s = snapshot();
      // While failing, each new retry time is news: the UI counts down to it.
      const retryAt = s.state === 'ok' ? null : s.nextAttemptAtMs;
      // So is the first poll with its next attempt: a page judges how long it may go without the
      // server by the poll interval they show (frontend lib/live/freshness.ts), and one that
      // connected before them would otherwise keep its 15 s guess. A status taken while that poll
      // runs still names the slot being polled as the next attempt, which shows no interval: the
      // one taken once the next poll is scheduled does.
      intervalShown ||= s.lastSuccessAtMs !== null && s.nextAttemptAtMs !== null && s.nextAttemptAtMs > s.lastSuccessAtMs;
      const key = JSON.stringify([s.state, s.lastError?.code, s.lastError?.message, s.stale, s.symbolErrors, s.backfill, s.dailyHistory, retryAt, intervalShown]);
      if (key === lastTakenKey) return undefined;
      lastTakenKey = key;
      return s;
    },
  };
}
