// Bulk work (the 1-minute backfill and the daily history sync: at start-up, and when a symbol is
// newly followed) grows V8's heap to several times what the server holds once it is done, and V8
// keeps those pages: after a first start the heap stayed at 106 MB for 35 MB in use (idle RSS 289 MB;
// `npm run bench:memory`). Running V8 with `--optimize-for-size` kept it small, but at a price on every
// answer after that: its heap grows by ~10% between full collections, so the symbol page's ~190 KB
// response set off one collection after another (37 ms of CPU per page response against 14 ms
// without it, most of it in V8's GC threads; bench:page's "server" line). So the process runs with
// V8's defaults and gives the memory back once, when bulk work ends: one full collection that returns
// free pages to the system (`gc`, exposed by node's `--expose-gc`; without it this does nothing).
// It is V8's last-resort collection, which holds the thread for ~150 ms after a first start; its
// regular one takes 30-40 ms but keeps the pages (first start 264 MB).

type Collect = (options: { type: 'major'; execution: 'async'; flavor: 'last-resort' }) => Promise<void>;

export interface HeapTrimDeps {
  /** whether bulk work is running now (the poller's backfill or daily sync) */
  busy(): boolean;
  /** V8's collector as node exposes it (`globalThis.gc` under --expose-gc) */
  gc: Collect | undefined;
  /** how often to look (the work runs for seconds to minutes) */
  everyMs?: number;
  /** told how long each collection took */
  onTrim?: (ms: number) => void;
}

export const HEAP_TRIM_EVERY_MS = 2_000;

/** Collects once each time bulk work ends; start-up counts as bulk work. Returns its stop. */
export function startHeapTrim(deps: HeapTrimDeps): () => void {
  const { gc } = deps;
  if (!gc) return () => undefined;
  let wasBusy = true;
  const timer = setInterval(() => {
    const busy = deps.busy();
    if (wasBusy && !busy) {
      const started = performance.now();
      void gc({ type: 'major', execution: 'async', flavor: 'last-resort' }).then(() => deps.onTrim?.(performance.now() - started));
    }
    wasBusy = busy;
  }, deps.everyMs ?? HEAP_TRIM_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
