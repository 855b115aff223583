// The replay buffer: the newest `capacity` entries, contiguous in offset, so finding where a
// resuming client left off is arithmetic, not a search.
import type { Entry } from './entry.ts';

export interface Ring {
  readonly size: number;
  /** offset of the oldest entry held, or null when empty */
  oldest(): number | null;
  /** Appends the next entry; its offset must follow the newest. Returns the evicted entry, if any. */
  push(entry: Entry): Entry | undefined;
  /** Every entry with offset > after, oldest first; null when the buffer no longer reaches back that far. */
  after(after: number): Entry[] | null;
  clear(): void;
}

export function createRing(capacity: number): Ring {
  let items: Entry[] = [];
  let head = 0;
  const size = () => items.length - head;

  return {
    get size() {
      return size();
    },
    oldest: () => (size() > 0 ? (items[head] as Entry).offset : null),
    push(entry) {
      if (capacity <= 0) return entry;
      const newest = items[items.length - 1];
      if (size() > 0 && newest && entry.offset !== newest.offset + 1) {
        throw new Error(`ring: offset ${entry.offset} does not follow ${newest.offset}`);
      }
      items.push(entry);
      if (size() <= capacity) return undefined;
      const evicted = items[head++];
      // Drop the consumed prefix now and then: amortized O(1) without a fixed preallocation.
      if (head >= 1024 && head * 2 >= items.length) {
        items = items.slice(head);
        head = 0;
      }
      return evicted;
    },
    after(after) {
      if (size() === 0) return null;
      const first = (items[head] as Entry).offset;
      const last = (items[items.length - 1] as Entry).offset;
      if (after >= last) return after === last ? [] : null;
      if (after + 1 < first) return null;
      return items.slice(head + (after + 1 - first));
    },
    clear() {
      items = [];
      head = 0;
    },
  };
}
