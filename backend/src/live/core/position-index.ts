// Positions of ticks and candles that fell out of the replay buffer: offset, symbol and time only
// (~30 bytes each instead of the message's JSON). The store holds their content, so a client that
// was away longer than the buffer covers can still be given exactly what it missed. Status
// messages are not in the store and are rare, so the few newest are kept whole. Info messages are
// not in the store either; each replaces the one before for its symbol, so the newest per symbol is
// kept whole (a client resuming gets the symbol's current info at the offset it was published).
import type { Entry } from './entry.ts';

const STATUS_KEEP = 1000;

export interface Position {
  offset: number;
  type: 'tick' | 'candle';
  symbol: string;
  time: number;
}

export interface PositionIndex {
  /** Records an entry evicted from the replay buffer (entries arrive in offset order). */
  add(entry: Entry): void;
  /** true when every tick and candle with offset > after is either here or still in the buffer */
  covers(after: number): boolean;
  /** Positions with offset > after, oldest first, for the given symbols. */
  after(after: number, symbols: ReadonlySet<string>): Position[];
  /** Evicted status messages, and each symbol's newest evicted info message, with offset > after, oldest first. */
  keptAfter(after: number): Entry[];
  /** Forget everything; positions before `from` are unknown from now on. */
  reset(from: number): void;
}

export function createPositionIndex(capacity: number): PositionIndex {
  let offsets: number[] = [];
  let times: number[] = [];
  let symbols: string[] = [];
  let candle: boolean[] = [];
  let head = 0;
  // Lowest offset from which every tick and candle is known (here or in the replay buffer).
  let completeFrom = Number.POSITIVE_INFINITY;
  const names = new Map<string, string>();
  let statuses: Entry[] = [];
  const infos = new Map<string, Entry>();

  const compact = () => {
    offsets = offsets.slice(head);
    times = times.slice(head);
    symbols = symbols.slice(head);
    candle = candle.slice(head);
    head = 0;
  };

  return {
    add(entry) {
      if (entry.type === 'info') {
        infos.set(entry.symbol ?? '', entry);
        return;
      }
      if (entry.symbol === null || entry.type === 'status') {
        statuses.push(entry);
        if (statuses.length > STATUS_KEEP) {
          const dropped = statuses.shift() as Entry;
          completeFrom = Math.max(completeFrom, dropped.offset + 1);
        }
        return;
      }
      if (capacity <= 0) {
        completeFrom = Math.max(completeFrom, entry.offset + 1);
        return;
      }
      // Many entries name the same few symbols: keep one string per symbol.
      let name = names.get(entry.symbol);
      if (name === undefined) names.set(entry.symbol, (name = entry.symbol));
      offsets.push(entry.offset);
      times.push(entry.time);
      symbols.push(name);
      candle.push(entry.type === 'candle');
      if (offsets.length - head > capacity) {
        completeFrom = Math.max(completeFrom, (offsets[head] as number) + 1);
        head++;
        if (head >= 1024 && head * 2 >= offsets.length) compact();
      }
    },
    covers(after) {
      return after + 1 >= completeFrom;
    },
    after(after, wanted) {
      let lo = head;
      let hi = offsets.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((offsets[mid] as number) <= after) lo = mid + 1;
        else hi = mid;
      }
      const out: Position[] = [];
      for (let i = lo; i < offsets.length; i++) {
        const symbol = symbols[i] as string;
        if (!wanted.has(symbol)) continue;
        out.push({ offset: offsets[i] as number, type: candle[i] ? 'candle' : 'tick', symbol, time: times[i] as number });
      }
      return out;
    },
    keptAfter(after) {
      const kept = statuses.filter((e) => e.offset > after);
      for (const e of infos.values()) if (e.offset > after) kept.push(e);
      return kept.sort((a, b) => a.offset - b.offset);
    },
    reset(from) {
      statuses = [];
      infos.clear();
      offsets = [];
      times = [];
      symbols = [];
      candle = [];
      head = 0;
      names.clear();
      completeFrom = from;
    },
  };
}
