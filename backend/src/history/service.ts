// History rules: which window to read, the weekend widening, the row cap. SQL stays in the store.
import type { HistoryResponse } from '@tickstream/shared';
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

export function createHistoryService(deps: HistoryDeps): HistoryService {
  const { store, maxRows } = deps;
  const read = (req: HistoryRequest, w: Window) =>
    store.candles.history({ symbol: req.symbol, interval: req.interval, from: w.from, to: w.to, limit: maxRows });

  return {
    async get(req) {
      const now = Math.floor(deps.now() / 1000);
      const followed = deps.follow ? await deps.follow(req.symbol) : { backfilling: false };
      const respond = (candles: HistoryResponse['candles']): HistoryResponse => ({
        symbol: req.symbol,
        interval: req.interval,
        candles,
        ...(followed.backfilling ? { backfilling: true } : {}),
      });

      if (req.from === undefined && req.to === undefined) {
        const window = defaultWindowEndingAt(now, req.interval, maxRows);
        const candles = await read(req, window);
        if (candles.length > 0) return respond(candles);
        const newest = (await store.candles.lastBuckets([req.symbol])).get(req.symbol);
        if (newest === undefined || newest >= window.from) return respond(candles);
        return respond(await read(req, sessionWindow(newest, req.interval, maxRows)));
      }

      const to = req.to ?? now;
      const window = req.from === undefined ? defaultWindowEndingAt(to, req.interval, maxRows) : { from: req.from, to };
      if (window.from > window.to) {
        throw new BadRequestError('INVALID_RANGE', `from (${window.from}) is after to (${window.to})`);
      }
      if (!spanFits(window, req.interval, maxRows)) {
        throw new BadRequestError(
          'WINDOW_TOO_LARGE',
          `a ${req.interval} window holds at most ${maxRows} bars: to - from at most ${maxSpanSeconds(req.interval, maxRows)} seconds (both inclusive); ` +
            'narrow from/to or use a larger interval',
        );
      }
      return respond(await read(req, window));
    },
  };
}
