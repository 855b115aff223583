// Buffers live inputs while history loads, then merges them in by time and drives a sink
// (the chart). Also the one place that guarantees the sink never sees an input it would throw on.
import type { Adjustment, Candle, Interval } from '@tickstream/shared';
import { applyLive, createSeriesState, inputTime, type LiveInput, type SeriesState } from './merge.ts';

export interface ChartSink {
  /** Replace everything shown. */
  reset(bars: readonly Candle[]): void;
  /** Replace or append one bar; `historical` when it is not the last one. */
  update(bar: Candle, historical: boolean): void;
}

export interface ChartHistory {
  candles: readonly Candle[];
  /** 1m bars of the last bucket, for intervals above 1m (null when unknown) */
  minuteSeed: readonly Candle[] | null;
  /** the server is still fetching this symbol's history: more bars come with a reload */
  backfilling?: boolean;
  /** daily+ bars: which corporate actions the prices are adjusted for */
  adjusted?: Adjustment;
}

/** A page left open during a long outage must not grow without bound. */
const MAX_BUFFERED = 20_000;

export class ChartFeed {
  readonly interval: Interval;
  #sink: ChartSink;
  #state: SeriesState | null = null;
  #buffer: LiveInput[] = [];
  #loading = true;

  constructor(interval: Interval, sink: ChartSink) {
    this.interval = interval;
    this.#sink = sink;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get bars(): readonly Candle[] {
    return this.#state?.bars ?? [];
  }

  /** From now on, inputs wait for the next completeLoad (what is on screen stays). */
  beginLoad(): void {
    this.#loading = true;
    this.#buffer = [];
  }

  /** Installs fresh history, applies what arrived meanwhile in time order, repaints once. */
  completeLoad(history: ChartHistory): void {
    const state = createSeriesState(this.interval, history.candles, history.minuteSeed);
    // Stable sort: inputs with the same time keep their arrival (stream) order.
    const buffered = this.#buffer.slice().sort((a, b) => inputTime(a) - inputTime(b));
    for (const input of buffered) applyLive(state, input);
    this.#state = state;
    this.#buffer = [];
    this.#loading = false;
    this.#sink.reset(state.bars);
  }

  push(input: LiveInput): void {
    if (this.#loading || !this.#state) {
      this.#buffer.push(input);
      if (this.#buffer.length > MAX_BUFFERED) this.#buffer.splice(0, this.#buffer.length - MAX_BUFFERED);
      return;
    }
    const op = applyLive(this.#state, input);
    if (!op) return;
    if (op.op === 'reset') {
      this.#sink.reset(this.#state.bars);
      return;
    }
    try {
      this.#sink.update(op.bar, op.historical);
    } catch {
      // Defensive: whatever the chart refused, a full reset from our ordered copy is always valid.
      this.#sink.reset(this.#state.bars);
    }
  }
}
