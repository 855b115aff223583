// One retry rule for the whole app: exponential backoff with "equal jitter" (half the step fixed,
// half random), so many retriers spread out yet none retries instantly. The poller (failed polls,
// backfill requests) and the page (reconnects, chart reloads) each pick their own base and cap.

export interface BackoffOptions {
  /** the step of the first retry */
  baseMs: number;
  /** the step never grows beyond this */
  maxMs: number;
}

/** Delay before retry number `attempt` (1-based): in [d/2, d], d = min(maxMs, baseMs x 2^(attempt-1)). `random` returns [0, 1). */
export function equalJitterBackoff(attempt: number, random: () => number, opts: BackoffOptions): number {
  const step = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
