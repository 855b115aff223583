// Fixed-rate polling: poll k is due at start + k x interval, whatever the previous poll took.
// A poll that overruns skips the slots it missed instead of overlapping or bunching up; a
// failed poll is retried after an exponential backoff with jitter (never sooner than a
// Retry-After the source sent, up to the backoff cap), and the first success
// puts the schedule back on the original grid. Only one poll runs at a time, by construction:
// the next timer is armed only after the current poll settles.
import { equalJitterBackoff } from '@tickstream/shared';

export interface SchedulerDeps {
  intervalMs: number;
  backoffMaxMs: number;
  /** unix ms */
  now: () => number;
  /** [0, 1) */
  random: () => number;
  /** One poll; resolves true on success, false on a failure that should back off. Must not reject. */
  run: () => Promise<boolean>;
  /** After a failed poll: the least wait the source asked for (Retry-After); the wait is still capped at backoffMaxMs. */
  retryAfterMs?: () => number | undefined;
  /** Told the time of the next attempt, with the consecutive failure count and missed slots. */
  onSchedule?: (info: { nextAt: number; failures: number; skippedSlots: number; delayMs: number }) => void;
}

export interface Scheduler {
  start(): void;
  /** Cancels the next poll and waits for the one in flight (the caller aborts it). */
  stop(): Promise<void>;
  running(): boolean;
}

/**
 * The poller's wait after its n-th consecutive failure: the app's one retry rule
 * (equalJitterBackoff) stepping from 2 x interval, i.e. in [d/2, d], d = min(cap, interval x 2^n).
 */
export function backoffDelay(failures: number, intervalMs: number, maxMs: number, random: () => number): number {
  return equalJitterBackoff(Math.max(failures, 1), random, { baseMs: 2 * intervalMs, maxMs });
}

/** The first grid slot strictly after `t`, and how many slots were skipped since `lastSlot`. */
export function nextSlot(origin: number, intervalMs: number, t: number, lastSlot: number): { at: number; skipped: number } {
  const k = Math.floor((t - origin) / intervalMs) + 1;
  const at = origin + k * intervalMs;
  const lastK = Math.round((lastSlot - origin) / intervalMs);
  return { at, skipped: Math.max(0, k - lastK - 1) };
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  let origin = 0;
  let slot = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let active = false;

  const arm = (at: number) => {
    timer = setTimeout(fire, Math.max(0, at - deps.now()));
  };

  function fire() {
    timer = null;
    if (!active) return;
    inFlight = (async () => {
      const ok = await deps.run().catch(() => false);
      if (!active) return;
      const t = deps.now();
      let nextAt: number;
      let skipped = 0;
      if (ok) {
        const next = nextSlot(origin, deps.intervalMs, t, slot);
        nextAt = next.at;
        // Slots passed during a backoff were not missed by an overrun: only count after a success.
        skipped = failures === 0 ? next.skipped : 0;
        failures = 0;
        slot = next.at;
      } else {
        failures++;
        const asked = Math.min(deps.backoffMaxMs, deps.retryAfterMs?.() ?? 0);
        nextAt = t + Math.max(asked, backoffDelay(failures, deps.intervalMs, deps.backoffMaxMs, deps.random));
      }
      deps.onSchedule?.({ nextAt, failures, skippedSlots: skipped, delayMs: nextAt - t });
      arm(nextAt);
    })().finally(() => {
      inFlight = null;
    });
  }

  return {
    start() {
      if (active) return;
      active = true;
      origin = deps.now();
      slot = origin;
      failures = 0;
      fire();
    },
    async stop() {
      active = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight;
    },
    running: () => active,
  };
}
