// The 1m bars of the last day, per symbol, kept in memory for the reads every chart starts with
// (the default last hour, today's 1D). Exact, not approximate:
// - It serves only while this process writes every candle: the poll leader, through which every
//   candle write goes (poller/index.ts). Any other process reads the database; losing the lead
//   empties it, so a new term starts from the database.
// - A write through this repository updates the kept bars with what it stored, after the store has
//   it, unless another write overlapped it (their order in the database is unknown: those symbols
//   are dropped and read again).
// - A read that a write overlapped is answered but not kept.
// - Kept bars are read again after `ttlMs`, so a row written around the app (a script) shows within it.
import type { Candle, SymbolCandle } from '@tickstream/shared';
import type { CandleRepository, HistoryQuery } from './types.ts';

/**
 * A day of bars reaches the start of today's 1D chart in every zone (local midnight, 23-25 hours
 * back). A symbol's bars are kept from the earliest start read (the first read of a 1D chart
 * after midnight keeps a few bars, not a day's), and only symbols read are kept: at most
 * 64 x 1,561 bars (~200 KB a symbol that trades around the clock, less for a stock).
 */
export const RECENT_CANDLES = { spanSeconds: 26 * 3600, maxSymbols: 64, ttlMs: 120_000 } as const;

export interface RecentCandlesOptions {
  /** unix ms */
  now: () => number;
  /** true while every candle write goes through this repository (the poll leader) */
  isWriter: () => boolean;
  /** how far back (s) the kept bars reach; a read that starts earlier goes to the store */
  spanSeconds: number;
  /** symbols kept at most (the least recently read go first) */
  maxSymbols: number;
  ttlMs: number;
}

interface Entry {
  /** the kept bars are every stored bar from `from` to `to` (unix s), and those written since */
  from: number;
  to: number;
  bars: Candle[];
  filledAt: number;
}

/** Index of the first bar at or after `time`. */
function firstAtOrAfter(bars: readonly Candle[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bars[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function merge(entry: Entry, c: Candle): void {
  if (c.time < entry.from) return;
  const bar = { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume };
  const i = firstAtOrAfter(entry.bars, c.time);
  if (entry.bars[i]?.time === c.time) entry.bars[i] = bar;
  else entry.bars.splice(i, 0, bar);
}

export function withRecentCandles(repo: CandleRepository, opts: RecentCandlesOptions): CandleRepository {
  const entries = new Map<string, Entry>(); // in order of last read: the first is dropped first
  /** writes resolved so far: a read that saw it change keeps nothing */
  let writes = 0;
  const inFlight = new Set<{ overlapped: boolean }>();

  function kept(q: HistoryQuery): Candle[] | undefined {
    const entry = entries.get(q.symbol);
    const age = opts.now() - (entry?.filledAt ?? 0);
    if (!entry || entry.from > q.from || entry.to < q.to || age < 0 || age >= opts.ttlMs) return undefined;
    entries.delete(q.symbol);
    entries.set(q.symbol, entry);
    const bars = entry.bars.slice(firstAtOrAfter(entry.bars, q.from), firstAtOrAfter(entry.bars, q.to + 1));
    return bars.length > q.limit ? bars.slice(-q.limit) : bars;
  }

  /** Reads every bar from the read's start on, keeps them (unless a write interfered), answers the read. */
  async function fill(q: HistoryQuery): Promise<Candle[]> {
    const from = q.from;
    const to = Math.max(q.to, Math.floor(opts.now() / 1000) + 86_400);
    // More bars than a minute grid holds means rows off the grid: the read is then cut to the newest
    // `limit`, so it is neither kept nor used.
    const limit = Math.ceil((to - from) / 60) + 2;
    const seen = writes;
    const filledAt = opts.now();
    const bars = await repo.history({ symbol: q.symbol, interval: '1m', from, to, limit });
    if (bars.length >= limit) return repo.history(q);
    if (writes === seen && inFlight.size === 0 && opts.isWriter()) {
      entries.set(q.symbol, { from, to, bars, filledAt });
      while (entries.size > opts.maxSymbols) entries.delete(entries.keys().next().value!);
    }
    return sliceOf(bars, q);
  }

  function sliceOf(bars: readonly Candle[], q: HistoryQuery): Candle[] {
    const inWindow = bars.slice(firstAtOrAfter(bars, q.from), firstAtOrAfter(bars, q.to + 1));
    return inWindow.length > q.limit ? inWindow.slice(-q.limit) : inWindow;
  }

  return {
    ...repo,
    async history(q) {
      const recent = q.interval === '1m' && q.limit > 0 && q.from <= q.to && q.from >= Math.floor(opts.now() / 1000) - opts.spanSeconds;
      if (!opts.isWriter()) entries.clear();
      else if (recent) return kept(q) ?? (await fill(q));
      return repo.history(q);
    },
    async upsertMany(candles: readonly SymbolCandle[]) {
      const write = { overlapped: inFlight.size > 0 };
      for (const other of inFlight) other.overlapped = true;
      inFlight.add(write);
      let changed: SymbolCandle[] | undefined;
      try {
        changed = await repo.upsertMany(candles);
        return changed;
      } finally {
        inFlight.delete(write);
        writes++;
        if (changed && !write.overlapped) {
          for (const c of changed) {
            const entry = entries.get(c.symbol);
            if (entry) merge(entry, c);
          }
        } else {
          for (const c of candles) entries.delete(c.symbol);
        }
      }
    },
  };
}
