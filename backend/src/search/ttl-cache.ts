// A bounded least-recently-used cache whose entries expire: identical search queries within the
// TTL cost one source request, and the cache never holds more than `maxEntries` answers. Concurrent
// misses for one key share one load (the second caller waits for the first request).
export interface TtlCacheOptions {
  maxEntries: number;
  ttlMs: number;
  /** unix ms */
  now: () => number;
}

export interface TtlCache<V> {
  /** The cached value, or `load()`'s (cached when it resolves; a rejection is not cached). */
  get(key: string, load: () => Promise<V>): Promise<V>;
  size(): number;
}

export function createTtlCache<V>(opts: TtlCacheOptions): TtlCache<V> {
  const entries = new Map<string, { value: V; expiresAt: number }>();
  const loading = new Map<string, Promise<V>>();

  const fresh = (key: string): { value: V } | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expiresAt <= opts.now()) return undefined;
    entries.set(key, entry); // most recently used goes last
    return entry;
  };

  return {
    async get(key, load) {
      const hit = fresh(key);
      if (hit) return hit.value;
      const pending = loading.get(key);
      if (pending) return pending;
      const promise = load().then((value) => {
        entries.set(key, { value, expiresAt: opts.now() + opts.ttlMs });
        while (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value as string);
        return value;
      });
      loading.set(key, promise);
      try {
        return await promise;
      } finally {
        loading.delete(key);
      }
    },
    size: () => entries.size,
  };
}
