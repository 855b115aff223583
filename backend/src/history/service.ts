// History rules: which window to read, the weekend widening, the row cap. SQL stays in the store.
import { isDailyInterval, type Candle, type HistoryResponse } from '@tickstream/shared';
import type { DailySync, Store } from '../store/types.ts';
import { isoDateSeconds } from '../time/exchange.ts';
import { appendDays } from './daily.ts';
import { createDailySeriesCache, sliceWindow } from './daily-cache.ts';
import { createSyncCache } from './sync-cache.ts';
import { BadRequestError } from '../errors.ts';
import type { HistoryRequest } from './params.ts';
import { defaultWindowEndingAt, maxSpanSeconds, sessionWindow, spanFits, startOfRange, type Window } from './window.ts';

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

const DAY = 86_400;
const FAR_FUTURE = Date.UTC(9999, 0, 1) / 1000;
/** Far enough back to hold five trading days around the longest run of holidays (Christmas to New Year). */
const TRADING_DAYS_LOOKBACK = 21 * DAY;

export function createHistoryService(deps: HistoryDeps): HistoryService {
  const { store, maxRows } = deps;

  const cache = createDailySeriesCache();
  const syncs = createSyncCache(async (symbol) => (await store.dailyBars.syncs([symbol])).get(symbol), deps.now);

  /** Stored bars of the window and the newest stored day, from the series cached for this sync. */
  async function cachedDaily(req: HistoryRequest, interval: '1d' | '1wk' | '1mo', w: Window, clock: DailySync): Promise<[Candle[], string | null]> {
    const { symbol, adjust } = req;
    const [series, newest] = await Promise.all([
      cache.get(
        `${symbol} ${interval} ${adjust} ${clock.syncedAt}`,
        () => store.dailyBars.history({ symbol, interval, from: EARLIEST, to: FAR_FUTURE, limit: Number.MAX_SAFE_INTEGER, adjust }),
        (bars) => bars.length,
      ),
      cache.get(`${symbol} newest ${clock.syncedAt}`, () => store.dailyBars.newestDay(symbol), () => 1),
    ]);
    return [sliceWindow(series, w.from, w.to).slice(-maxRows), newest];
  }

  /** Bars of the window; 1h and 1d follow the exchange's clock once its daily history told it. */
  async function read(req: HistoryRequest, w: Window, clock: DailySync | undefined): Promise<Candle[]> {
    const session = clock ? { session: { timezone: clock.timezone, sessionOpen: clock.sessionOpen } } : {};
    const { symbol, interval } = req;
    if (!isDailyInterval(interval)) return store.candles.history({ symbol, interval, from: w.from, to: w.to, limit: maxRows, ...session });
    const [stored, newest] = clock ? await cachedDaily(req, interval, w, clock) : await Promise.all([
      store.dailyBars.history({ symbol, interval, from: w.from, to: w.to, limit: maxRows, adjust: req.adjust }),
      store.dailyBars.newestDay(symbol),
    ]);
    // Days after the newest stored one (today, or all of them before the first sync) from 1m candles.
    const daysFrom = Math.max(newest === null ? w.from : isoDateSeconds(newest) + DAY, w.from);
    const days = daysFrom > w.to ? [] : await store.candles.history({ symbol, interval: '1d', from: daysFrom, to: w.to, limit: maxRows, ...session });
    return appendDays(stored, days, interval, w.from).slice(-maxRows);
  }

  /** ISO dates of the exchange's trading days with bars in the last weeks (5D counts these, not weekdays). */
  async function tradingDays(req: HistoryRequest, now: number, clock: DailySync | undefined): Promise<string[]> {
    const bars = await read({ ...req, interval: '1d' }, { from: now - TRADING_DAYS_LOOKBACK, to: now }, clock);
    return bars.map((b) => new Date(b.time * 1000).toISOString().slice(0, 10));
  }

  return {
    async get(req) {
      const now = Math.floor(deps.now() / 1000);
      const followed = deps.follow ? await deps.follow(req.symbol) : { backfilling: false };
      const clock = await syncs.get(req.symbol);
      const respond = (candles: HistoryResponse['candles'], w: Window): HistoryResponse => ({
        symbol: req.symbol,
        interval: req.interval,
        candles,
        ...(req.range ? { range: req.range } : {}),
        from: w.from,
        to: w.to,
        ...(isDailyInterval(req.interval) ? { adjusted: req.adjust } : {}),
        ...(clock ? { timezone: clock.timezone } : {}),
        ...(followed.backfilling ? { backfilling: true } : {}),
      });

      if (req.range) {
        const days = req.range === '5d' ? await tradingDays(req, now, clock) : [];
        const start = startOfRange(req.range, now, clock?.timezone, days);
        const window = { from: start ?? EARLIEST, to: now };
        // max: the newest maxRows bars; any other range must fit the cap like an explicit window.
        if (start !== null && !spanFits(window, req.interval, maxRows)) throw tooLarge(req, maxRows);
        const candles = await read(req, window, clock);
        const newest = candles.length > 0 || start === null ? undefined : (await store.candles.lastBuckets([req.symbol])).get(req.symbol);
        if (newest === undefined || newest >= window.from) return respond(candles, window);
        // Nothing in the range (a weekend's 1d): the same range ending at the last stored bar, as Yahoo shows Friday.
        const last = { from: startOfRange(req.range, newest, clock?.timezone, days) ?? EARLIEST, to: newest };
        return respond(await read(req, last, clock), last);
      }

      if (req.from === undefined && req.to === undefined) {
        const window = defaultWindowEndingAt(now, req.interval, maxRows);
        const candles = await read(req, window, clock);
        if (candles.length > 0) return respond(candles, window);
        const newest = (await store.candles.lastBuckets([req.symbol])).get(req.symbol);
        if (newest === undefined || newest >= window.from) return respond(candles, window);
        const session = sessionWindow(newest, req.interval, maxRows);
        return respond(await read(req, session, clock), session);
      }

      const to = req.to ?? now;
      const window = req.from === undefined ? defaultWindowEndingAt(to, req.interval, maxRows) : { from: req.from, to };
      if (window.from > window.to) {
        throw new BadRequestError('INVALID_RANGE', `from (${window.from}) is after to (${window.to})`);
      }
      if (!spanFits(window, req.interval, maxRows)) throw tooLarge(req, maxRows);
      return respond(await read(req, window, clock), window);
    },
  };
}
