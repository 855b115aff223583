// Per-client rate limit: a token bucket per key (the client's address), `perMinute` tokens refilled
// evenly. The map of buckets is bounded: a full bucket carries no information and is dropped, and
// beyond `maxClients` the oldest entries go first.
export interface RateLimiterOptions {
  perMinute: number;
  /** unix ms */
  now: () => number;
  maxClients?: number;
}

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string): RateVerdict;
  clients(): number;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const capacity = opts.perMinute;
  const perMs = opts.perMinute / 60_000;
  const maxClients = opts.maxClients ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const level = (b: { tokens: number; at: number }, now: number) => Math.min(capacity, b.tokens + (now - b.at) * perMs);

  return {
    take(key) {
      const now = opts.now();
      const bucket = buckets.get(key);
      const tokens = bucket ? level(bucket, now) : capacity;
      if (tokens < 1) {
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
      }
      buckets.delete(key);
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > maxClients) {
        for (const [k, b] of buckets) {
          if (buckets.size <= maxClients) break;
          if (level(b, now) >= capacity || buckets.size > maxClients) buckets.delete(k);
        }
      }
      return { ok: true };
    },
    clients: () => buckets.size,
  };
}
