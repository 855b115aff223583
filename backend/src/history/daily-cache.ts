// Stored daily series change only when a symbol's daily history is synced (once per exchange day),
// so each (symbol, interval, adjustment) series is read once per sync and windows are sliced from
// memory: a 5-year read costs a slice instead of a 1,300-row query. Keys carry the sync time read
// from the database on every request, so a sync by any instance is seen at once. Least recently
// used series go first once the cache holds MAX_BARS bars (about 10 MB).
import type { Candle } from '@tickstream/shared';

export const MAX_BARS = 100_000;

export interface DailySeriesCache {
  /** The cached value of `key`, loading it (once, even for concurrent callers) when absent; `size` in bars. */
  get<T>(key: string, load: () => Promise<T>, size: (value: T) => number): Promise<T>;
}

export function createDailySeriesCache(maxBars = MAX_BARS): DailySeriesCache {
  const entries = new Map<string, Promise<unknown>>();
  const sizes = new Map<string, number>();
  let total = 0;
  const drop = (key: string) => {
    total -= sizes.get(key) ?? 0;
    sizes.delete(key);
    entries.delete(key);
  };
  return {
    get<T>(key: string, load: () => Promise<T>, size: (value: T) => number): Promise<T> {
      const hit = entries.get(key) as Promise<T> | undefined;
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const loading = load();
      entries.set(key, loading);
      loading.then(
        (value) => {
          if (entries.get(key) !== loading) return;
          sizes.set(key, size(value));
          total += size(value);
          for (const oldest of entries.keys()) {
            if (total <= maxBars || oldest === key) break;
            drop(oldest);
          }
        },
        () => {
          if (entries.get(key) === loading) drop(key);
        },
      );
      return loading;
    },
  };
}

/** Bars of an ascending series whose time lies in [from, to]. */
export function sliceWindow(series: readonly Candle[], from: number, to: number): Candle[] {
  const first = lowerBound(series, from);
  return series.slice(first, lowerBound(series, to + 1));
}

function lowerBound(series: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (series[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
