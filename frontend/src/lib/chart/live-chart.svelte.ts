// One chart's life: history first (live inputs buffered meanwhile), then live updates, and a
// history reload whenever the stream reports a gap it could not fill. Reactive state for the page.
import { isDailyInterval, type Candle, type Interval, type SourceStatus, type Tick } from '@tickstream/shared';
import type { LiveConnection } from '../live/connection.svelte.ts';
import { backoffDelay } from '../live/backoff.ts';
import { debugHandle } from '../debug.ts';
import { ChartFeed, type ChartHistory, type ChartSink } from './feed.ts';

export interface LiveChartOptions {
  connection: LiveConnection;
  symbol: string;
  interval: Interval;
  /** the history the page's load function already started fetching */
  initial: Promise<ChartHistory>;
  /** fetches the history again (after a gap, or after a failed load) */
  reload: () => Promise<ChartHistory>;
  sink: ChartSink;
}

const BACKFILL_RECHECK_MS = 3000;

export class LiveChart {
  readonly symbol: string;
  readonly interval: Interval;
  phase = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** the newest bar, for the legend when the crosshair is away */
  last = $state.raw<Candle | null>(null);
  barCount = $state(0);
  /** this symbol's history is still being fetched by the server (a symbol in no list, viewed first) */
  backfilling = $state(false);
  /** the server's backfill progress, all symbols: bars of symbols done / queued */
  backfillProgress = $state.raw<{ done: number; total: number } | null>(null);
  /** the server will not follow this symbol (MAX_SYMBOLS reached, or unknown to the source): why */
  refused = $state<string | null>(null);

  #feed: ChartFeed;
  #sink: ChartSink;
  #reload: () => Promise<ChartHistory>;
  #generation = 0;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #destroyed = false;
  #backfilling = false;
  #cleanups: Array<() => void> = [];

  constructor(opts: LiveChartOptions) {
    this.symbol = opts.symbol;
    this.interval = opts.interval;
    this.#sink = opts.sink;
    this.#reload = opts.reload;
    this.#feed = new ChartFeed(opts.interval, {
      reset: (bars) => {
        this.#sink.reset(bars);
        this.#track(bars.at(-1) ?? null, bars.length);
      },
      update: (bar, historical) => {
        this.#sink.update(bar, historical);
        if (!historical) this.#track(bar, this.#feed.bars.length);
      },
    });
    const onTick = (t: Tick) => {
      if (t.symbol === this.symbol) this.#feed.push({ kind: 'tick', time: t.time, price: t.price });
    };
    // Listen before following: the snapshot that answers the subscribe must not be missed.
    this.#cleanups.push(
      opts.connection.listen({
        tick: onTick,
        candle: (c) => {
          if (c.symbol !== this.symbol) return;
          const { symbol: _symbol, ...bar } = c;
          this.#feed.push({ kind: 'candle', candle: bar });
        },
        gap: () => this.reload(),
        error: (code, message, symbols) => {
          if ((code === 'SYMBOL_LIMIT_REACHED' || code === 'SYMBOL_NOT_FOUND') && symbols.includes(this.symbol)) this.refused = message;
        },
        // Backfilled bars are stored, not broadcast: fetch history again once a backfill ends.
        sourceStatus: (status) => this.#onStatus(status),
        snapshot: (ticks, status) => {
          ticks.forEach(onTick);
          if (status) this.#onStatus(status);
        },
      }),
      opts.connection.follow([opts.symbol]),
    );
    this.#load(opts.initial);
  }

  get bars(): readonly Candle[] {
    return this.#feed.bars;
  }

  /** Fetch history again and re-render; live inputs are buffered until it is in. */
  reload(): void {
    this.#load(this.#reload());
  }

  /** Paint everything again (after a theme change recolours the volume bars). */
  repaint(): void {
    if (!this.#feed.loading) this.#sink.reset(this.#feed.bars);
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    for (const fn of this.#cleanups.splice(0)) fn();
  }

  /**
   * Reloads once this symbol's history (or, from an older server, any backfill) is done: the 1m
   * backfill for intraday charts, the daily history for daily, weekly and monthly ones.
   */
  #onStatus(status: SourceStatus): void {
    const b = isDailyInterval(this.interval) ? (status.dailyHistory ?? status.backfill) : status.backfill;
    const mine = b.symbols ? b.symbols.includes(this.symbol) : b.running;
    const wasMine = this.#backfilling || this.backfilling;
    this.#backfilling = mine;
    this.backfillProgress = b.running ? { done: b.done, total: b.total } : null;
    if (wasMine && !mine) {
      this.backfilling = false;
      this.reload();
    } else if (mine && b.symbols) {
      this.backfilling = true;
    }
  }

  #track(last: Candle | null, count: number): void {
    this.last = last;
    this.barCount = count;
  }

  #load(history: Promise<ChartHistory>): void {
    const generation = ++this.#generation;
    const debug = debugHandle();
    if (debug) debug.historyLoads = (debug.historyLoads ?? 0) + 1;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    this.#feed.beginLoad();
    if (this.#feed.bars.length === 0) this.phase = 'loading';
    history.then(
      (h) => {
        if (this.#destroyed || generation !== this.#generation) return;
        this.#failures = 0;
        this.#feed.completeLoad(h);
        this.backfilling = h.backfilling === true;
        // a status message normally says when it is done; asking again meanwhile covers a missed one
        if (h.backfilling) this.#retry = setTimeout(() => this.reload(), BACKFILL_RECHECK_MS);
        this.phase = 'ready';
        this.error = null;
      },
      (err: unknown) => {
        if (this.#destroyed || generation !== this.#generation) return;
        this.#failures++;
        this.error = err instanceof Error ? err.message : String(err);
        if (this.#feed.bars.length === 0) this.phase = 'error';
        this.#retry = setTimeout(() => this.reload(), backoffDelay(this.#failures, Math.random, { baseMs: 1000, maxMs: 30_000 }));
      },
    );
  }
}
