// History rules: which window to read, the weekend widening, the row cap. SQL stays in the store.
import { isDailyInterval, rangeStart, type HistoryResponse } from '@tickstream/shared';
import type { Store } from '../store/types.ts';
import { BadRequestError } from '../errors.ts';
import type { HistoryRequest } from './params.ts';
import { defaultWindowEndingAt, maxSpanSeconds, sessionWindow, spanFits, type Window } from './window.ts';

export interface HistoryService {
  get(request: HistoryRequest): Promise<HistoryResponse>;
}

export interface HistoryDeps {
  store: Store;
  now: () => number;
  maxRows: number;
  /**
   * Makes sure the symbol is followed (any symbol the source knows: the first view validates it,
   * starts polling and backfills it); resolves to whether its history is still being fetched.
   * Throws 404 SYMBOL_NOT_FOUND for a symbol the source does not know. Absent: any symbol is read as is.
   */
  follow?: (symbol: string) => Promise<{ backfilling: boolean }>;
}

/** `range=max` has no start: the window reaches back to the earliest representable bar. */
const EARLIEST = Date.UTC(1900, 0, 1) / 1000;

function tooLarge(req: HistoryRequest, maxRows: number): BadRequestError {
  return new BadRequestError(
    'WINDOW_TOO_LARGE',
    `a ${req.interval} window holds at most ${maxRows} bars: to - from at most ${maxSpanSeconds(req.interval, maxRows)} seconds (both inclusive); ` +
      (req.range ? 'pick a larger interval for this range' : 'narrow from/to or use a larger interval'),
  );
}

export function createHistoryService(deps: HistoryDeps): HistoryService {
  const { store, maxRows } = deps;
  const read = async (req: HistoryRequest, w: Window) => {
    // 1wk/1mo roll up from stored daily bars (not yet stored: none).
    if (req.interval === '1wk' || req.interval === '1mo') return [];
    return store.candles.history({ symbol: req.symbol, interval: req.interval, from: w.from, to: w.to, limit: maxRows });
  };

  return {
    async get(req) {
      const now = Math.floor(deps.now() / 1000);
      const followed = deps.follow ? await deps.follow(req.symbol) : { backfilling: false };
      const respond = (candles: HistoryResponse['candles'], w: Window): HistoryResponse => ({
        symbol: req.symbol,
        interval: req.interval,
        candles,
        ...(req.range ? { range: req.range } : {}),
        from: w.from,
        to: w.to,
        ...(isDailyInterval(req.interval) ? { adjusted: req.adjust } : {}),
        ...(followed.backfilling ? { backfilling: true } : {}),
      });

      if (req.range) {
        const start = rangeStart(req.range, now);
        const window = { from: start ?? EARLIEST, to: now };
        // max: the newest maxRows bars; any other range must fit the cap like an explicit window.
        if (start !== null && !spanFits(window, req.interval, maxRows)) throw tooLarge(req, maxRows);
        return respond(await read(req, window), window);
      }

      if (req.from === undefined && req.to === undefined) {
        const window = defaultWindowEndingAt(now, req.interval, maxRows);
        const candles = await read(req, window);
        if (candles.length > 0) return respond(candles, window);
        const newest = (await store.candles.lastBuckets([req.symbol])).get(req.symbol);
        if (newest === undefined || newest >= window.from) return respond(candles, window);
        const session = sessionWindow(newest, req.interval, maxRows);
        return respond(await read(req, session), session);
      }

      const to = req.to ?? now;
      const window = req.from === undefined ? defaultWindowEndingAt(to, req.interval, maxRows) : { from: req.from, to };
      if (window.from > window.to) {
        throw new BadRequestError('INVALID_RANGE', `from (${window.from}) is after to (${window.to})`);
      }
      if (!spanFits(window, req.interval, maxRows)) throw tooLarge(req, maxRows);
      return respond(await read(req, window), window);
    },
  };
}
