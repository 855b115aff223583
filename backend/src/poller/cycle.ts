// One poll: quotes for every symbol, 1m bars for the symbols the planner picks, rows to the
// store (or the write queue), then one publish of what is new. Never throws: a failed poll
// resolves false so the scheduler backs off.
import type { SymbolCandle, Tick } from '@tickstream/shared';
import type { MarketUpdate } from './types.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { mapLimit } from '../sources/concurrency.ts';
import { toSourceError, type SourceError } from '../sources/errors.ts';
import type { QuoteBatch, QuoteSource } from '../sources/types.ts';
import { rowKey } from '../store/row-key.ts';
import type { BarPlanner } from './bar-plan.ts';
import type { FormingBars } from './forming.ts';
import type { PublishedRecord } from './published-record.ts';
import type { StatusTracker } from './status.ts';
import type { WriteQueue } from './write-queue.ts';

export interface CycleDeps {
  source: QuoteSource;
  publish: (update: MarketUpdate) => Promise<void>;
  logger: Logger;
  metrics: Pick<Metrics, 'pollDuration' | 'pollErrors'>;
  now: () => number;
  concurrency: number;
  status: StatusTracker;
  queue: WriteQueue;
  published: PublishedRecord;
  forming: FormingBars;
  planner: BarPlanner;
}

export async function runCycle(deps: CycleDeps, symbols: readonly string[], signal: AbortSignal): Promise<boolean> {
  const started = deps.now();
  const seconds = () => (deps.now() - started) / 1000;
  // Rows from a store outage go first, so the store sees them in order.
  await deps.queue.flush();
  if (symbols.length === 0) return true;

  let batch: QuoteBatch;
  try {
    batch = await deps.source.fetchQuotes(symbols, signal);
  } catch (err) {
    const e = toSourceError(err);
    if (e.code === 'ABORTED' || signal.aborted) return true;
    deps.metrics.pollErrors.inc({ code: e.code });
    deps.status.recordFailure(e, deps.now());
    deps.metrics.pollDuration.observe({ outcome: 'failed' }, seconds());
    return false;
  }

  const failuresBefore = deps.status.consecutiveFailures();
  deps.status.recordSuccess(deps.now());
  if (failuresBefore > 0) deps.logger.info({ failures: failuresBefore, source: deps.source.name }, 'quote source recovered');
  deps.status.updateSymbols(batch.problems, batch.ticks.map((t) => t.symbol));

  const fresh = deps.published.newTicks(batch.ticks);
  const candles = new Map<string, SymbolCandle>();
  for (const t of fresh) {
    const c = deps.forming.mergeTick(t);
    if (c) candles.set(rowKey(c), c);
  }

  const partial = await fetchBars(deps, batch.ticks, signal, candles);
  if (signal.aborted) return true;

  const candleList = [...candles.values()];
  const written = await deps.queue.write(batch.ticks, candleList);
  let ticksOut: Tick[];
  let candlesOut: SymbolCandle[];
  if (written.stored) {
    const stored = new Set(written.newTicks.map(rowKey));
    ticksOut = [...written.newTicks, ...deps.published.stateChanges(batch.ticks).filter((t) => !stored.has(rowKey(t)))];
    candlesOut = written.changedCandles;
  } else {
    // The store cannot tell what is new: fall back to what this instance last published.
    ticksOut = [...fresh, ...deps.published.stateChanges(batch.ticks)];
    candlesOut = deps.published.changedCandles(candleList);
  }
  const info = deps.published.changedInfo(batch.ticks);
  deps.published.recordTicks(ticksOut);
  deps.published.recordCandles(candlesOut);
  deps.published.recordInfo(info);
  deps.status.setStore(deps.queue.size(), deps.queue.error());
  if (partial) deps.status.recordPartial(partial, deps.now());

  const status = deps.status.takeChanged();
  if (ticksOut.length || candlesOut.length || info.length || status) {
    await deps.publish({ ticks: ticksOut, candles: candlesOut, ...(info.length ? { info } : {}), ...(status ? { status } : {}) });
  }
  deps.metrics.pollDuration.observe({ outcome: partial || batch.problems.length ? 'partial' : 'ok' }, seconds());
  return true;
}

/** Bars for the planned symbols into `candles` (overriding tick estimates); returns the last transient error. */
async function fetchBars(deps: CycleDeps, ticks: readonly Tick[], signal: AbortSignal, candles: Map<string, SymbolCandle>): Promise<SourceError | null> {
  const planned = deps.planner.plan(ticks, deps.now());
  const settled = await mapLimit(planned, deps.concurrency, (req) => deps.source.fetchBars(req.symbol, req.range, signal));
  let partial: SourceError | null = null;
  settled.forEach((s, i) => {
    const req = planned[i];
    if (!req) return;
    if (s.status === 'fulfilled') {
      deps.planner.done(req, s.value.at(-1)?.time ?? null);
      deps.forming.applyBars(s.value);
      for (const bar of s.value) candles.set(rowKey(bar), bar);
      return;
    }
    const e = toSourceError(s.reason);
    if (e.code === 'ABORTED') return;
    if (e.code === 'UNKNOWN_SYMBOL') {
      deps.status.updateSymbols([{ symbol: req.symbol, code: e.code, message: e.message }], []);
      return;
    }
    deps.metrics.pollErrors.inc({ code: e.code });
    if (partial?.code !== e.code) deps.logger.warn({ symbol: req.symbol, code: e.code, err: e.message }, '1m bars request failed; retrying on a later poll');
    partial = e;
  });
  return partial;
}

