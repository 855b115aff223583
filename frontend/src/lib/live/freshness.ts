// When prices stop counting as current: without a live connection for too long, or while the source
// says so. The one owner of that rule: cards, the symbol page and the portfolio all ask Quotes, which
// asks this, and the server's drawing of the watchlist's cards asks it too.
import type { SourceStatus } from '@tickstream/shared';

/** Used until the source status tells the poll interval. */
export const DEFAULT_POLL_MS = 15_000;
/** A hiccup shorter than this never greys anything out, however fast the poll. */
const MIN_GRACE_MS = 10_000;

/**
 * The poll interval as a source status shows it: the time from the last success to the next attempt
 * (the server schedules polls on a fixed grid). A status sent while a poll runs still names the slot
 * being polled as its next attempt, no later than the success it records: it shows no interval, and
 * the one known before (`known`) stands.
 */
export function pollIntervalMs(status: SourceStatus | null, known = DEFAULT_POLL_MS): number {
  const last = status?.lastSuccessAtMs;
  const next = status?.nextAttemptAtMs;
  if (last == null || next == null || next <= last) return known;
  return Math.min(next - last, 5 * 60_000);
}

/**
 * Prices go stale after a couple of poll intervals without a live connection: by then at least
 * one poll happened that this page did not see.
 */
export function disconnectedTooLong(downSinceMs: number | null, nowMs: number, pollMs: number): boolean {
  if (downSinceMs === null) return false;
  return nowMs - downSinceMs > Math.max(2 * pollMs, MIN_GRACE_MS);
}

/** Whether the source status says a symbol's price may be old: the source is failing or stale, or that symbol is. */
export function staleBySource(status: SourceStatus | null, symbol: string): boolean {
  if (!status) return false;
  return status.stale || status.state !== 'ok' || symbol in status.symbolErrors;
}
