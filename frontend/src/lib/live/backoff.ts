// Reconnect delays: the app's one retry rule (shared/src/backoff.ts), with the page's defaults, so
// a restarted server is not hit by every tab at the same instant, yet no retry comes instantly.
import { equalJitterBackoff, type BackoffOptions } from '@tickstream/shared';

export type { BackoffOptions };

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/** Delay before retry number `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  return equalJitterBackoff(attempt, random, opts);
}
