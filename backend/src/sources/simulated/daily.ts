// The simulated market's daily chart, built in Yahoo's chart() shape ('object' return of
// yahoo-finance2: meta, timestamp[], indicators.quote/adjclose, events keyed by timestamp) so it goes
// through the same parser as Yahoo's (yahoo/parse-daily.ts). Each day is sampled from the same
// price path as ticks and 1m bars (open and close exactly, high/low from three points between), so years of
// history cost milliseconds. History starts at a per-symbol first trade date decades back; AAPL
// carries Apple's real splits (7:1 in 2014, 4:1 in 2020) and quarterly dividends, so the adjusted
// series can be checked. Prices on the path are split-adjusted already, as Yahoo's chart OHLC are.
import type { MarketClock, Session } from './clock.ts';
import { isAlwaysOpenSymbol } from './clock.ts';
import { hashString } from './random.ts';
import { wallClock } from '../../time/exchange.ts';

const DAY = 86_400;
const OPEN_SECONDS = (9 * 60 + 30) * 60;
const CLOSE_SECONDS = 16 * 3600;
/** Interior points sampled per session for its high and low (besides open and close): cheap enough for decades. */
const INTERIOR_SAMPLES = 3;
/** Sessions computed between yields to the event loop (a decade of history is ~1 s of CPU). */
const SESSIONS_PER_SLICE = 250;
/**
 * The newest sessions (the forming one and the five before it: a 5D chart) take high, low and volume
 * from the 1m bars themselves, so the daily chart meets the intraday one and the quote without a
 * seam where 1m candles take over; older days keep the cheap samples (decades of 1m bars would cost seconds).
 */
const EXACT_SESSIONS = 6;

export interface DailyChartDeps {
  clock: MarketClock;
  /** true when every symbol trades 24/7 (UTC days) */
  alwaysOpen: boolean;
  priceAt(symbol: string, t: number): number;
  /** typical volume of one minute of trading (a day's volume is this times its minutes, as the 1m bars add up) */
  minuteVolume(symbol: string): number;
  currency(symbol: string): string;
  /** high, low and volume of a session's 1m bars up to `until`: what the intraday chart and the quote show for that day */
  sessionBars(symbol: string, session: Session, until: number): { high: number; low: number; volume: number };
}

interface Split {
  day: string;
  numerator: number;
  denominator: number;
}

const SPLITS: Record<string, Split[]> = {
  AAPL: [
    { day: '2014-06-09', numerator: 7, denominator: 1 },
    { day: '2020-08-31', numerator: 4, denominator: 1 },
  ],
};
/** Quarterly dividends from this date, as a share of the price at the ex-day. */
const DIVIDENDS: Record<string, { since: string; yield: number }> = {
  AAPL: { since: '2012-08-09', yield: 0.0012 },
  MSFT: { since: '2003-02-19', yield: 0.002 },
  JPM: { since: '2000-01-03', yield: 0.006 },
};

/** Unix seconds of a symbol's first trade: AAPL's real one, crypto in the 2010s, others 1995-2009. */
export function firstTradeTime(symbol: string): number {
  if (symbol === 'AAPL') return Date.UTC(1980, 11, 12, 14, 30) / 1000;
  if (isAlwaysOpenSymbol(symbol)) return Date.UTC(2014 + (hashString(symbol) % 5), 8, 17) / 1000;
  return Date.UTC(1995 + (hashString(symbol) % 15), 0, 2, 14, 30) / 1000;
}

const isoDay = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

export async function simulatedDailyChart(deps: DailyChartDeps, symbol: string, from: number, nowSec: number): Promise<Record<string, unknown>> {
  const utcDays = deps.alwaysOpen || isAlwaysOpenSymbol(symbol);
  const timezone = utcDays ? 'UTC' : 'America/New_York';
  const first = firstTradeTime(symbol);
  const start = Math.max(from, first);
  const sessions: Session[] = utcDays ? utcSessions(start, nowSec) : newYorkSessions(start, nowSec);
  const quote = { open: [] as number[], high: [] as number[], low: [] as number[], close: [] as number[], volume: [] as number[] };
  const timestamp: number[] = [];
  const perMinute = deps.minuteVolume(symbol);
  for (const [i, s] of sessions.entries()) {
    if (i > 0 && i % SESSIONS_PER_SLICE === 0) await new Promise((r) => setImmediate(r));
    const close = Math.min(s.close, nowSec);
    const open = deps.priceAt(symbol, s.open);
    let high = open;
    let low = open;
    for (let k = 1; k <= INTERIOR_SAMPLES; k++) {
      const p = deps.priceAt(symbol, s.open + Math.floor(((close - s.open) * k) / (INTERIOR_SAMPLES + 1) / 60) * 60);
      high = Math.max(high, p);
      low = Math.min(low, p);
    }
    const last = deps.priceAt(symbol, close);
    // the minutes traded so far (a 24-hour crypto day, 390 for a New York session, part of the forming one)
    let volume = Math.round(perMinute * ((close - s.open) / 60) * (0.6 + (hashString(`${symbol}${s.open}`) % 80) / 100));
    if (i >= sessions.length - EXACT_SESSIONS) {
      // a 24-hour session is 1,440 bars of 60 seconds each (~20 ms): one per turn of the event loop
      await new Promise((r) => setImmediate(r));
      ({ high, low, volume } = deps.sessionBars(symbol, s, close));
    }
    timestamp.push(s.open);
    quote.open.push(open);
    quote.high.push(Math.max(high, last));
    quote.low.push(Math.min(low, last));
    quote.close.push(last);
    quote.volume.push(volume);
  }
  const { dividends, adjclose } = dividendsOf(symbol, timestamp, quote.close);
  const splits = Object.fromEntries(
    (SPLITS[symbol] ?? []).flatMap((sp) => {
      const i = timestamp.findIndex((t) => isoDay(t) === sp.day);
      const t = timestamp[i];
      return t === undefined ? [] : [[String(t), { date: new Date(t * 1000), numerator: sp.numerator, denominator: sp.denominator, splitRatio: `${sp.numerator}:${sp.denominator}` }]];
    }),
  );
  const today = deps.clock.lastSession(symbol, nowSec);
  return {
    meta: {
      currency: deps.currency(symbol),
      symbol,
      exchangeName: utcDays ? 'CCC' : 'SIM',
      fullExchangeName: utcDays ? 'CCC' : 'Simulated',
      instrumentType: utcDays ? 'CRYPTOCURRENCY' : 'EQUITY',
      firstTradeDate: new Date(first * 1000),
      regularMarketTime: new Date(Math.min(nowSec, today.close) * 1000),
      hasPrePostMarketData: !utcDays,
      gmtoffset: 0,
      timezone: utcDays ? 'UTC' : 'EST',
      exchangeTimezoneName: timezone,
      regularMarketPrice: deps.priceAt(symbol, Math.min(nowSec, today.close)),
      priceHint: 2,
      currentTradingPeriod: {
        regular: { timezone: utcDays ? 'UTC' : 'EST', start: new Date(today.open * 1000), end: new Date(today.close * 1000), gmtoffset: 0 },
      },
      dataGranularity: '1d',
      range: '',
      validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
    },
    timestamp,
    events: { dividends, splits },
    indicators: { quote: [quote], adjclose: [{ adjclose }] },
  };
}

/**
 * The clock's NYSE sessions (09:30-16:00 New York, weekdays) clipped to [from, to), with one time zone
 * lookup per day: the offset at 12:00 UTC (07:00/08:00 in New York, after any 02:00 DST change) holds
 * for the whole session. clock.sessionsBetween gives the same sessions at several lookups a day.
 */
function newYorkSessions(from: number, to: number): Session[] {
  const out: Session[] = [];
  for (let d = Math.floor(from / DAY) - 1; d * DAY < to; d++) {
    const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday === 0 || weekday === 6) continue;
    const offset = (wallClock(d * DAY + DAY / 2, 'America/New_York').minute - 720) * 60;
    const open = Math.max(d * DAY + OPEN_SECONDS - offset, from);
    const close = Math.min(d * DAY + CLOSE_SECONDS - offset, to);
    if (open < close) out.push({ open, close });
  }
  return out;
}

function utcSessions(from: number, to: number): Session[] {
  const out: Session[] = [];
  for (let d = Math.floor(from / DAY); d * DAY < to; d++) out.push({ open: d * DAY, close: (d + 1) * DAY });
  return out;
}

/**
 * Quarterly dividends (every 91st day from `since`, on the next session) and Yahoo's adjusted close:
 * each day before an ex-day is scaled by (1 - amount / the previous close), compounding backwards.
 */
function dividendsOf(symbol: string, timestamp: number[], close: number[]) {
  const plan = DIVIDENDS[symbol];
  const dividends: Record<string, { amount: number; date: Date }> = {};
  const adjclose = [...close];
  if (!plan) return { dividends, adjclose };
  const exDays = new Set<number>();
  let next = Date.parse(`${plan.since}T00:00:00Z`) / 1000;
  for (let i = 0; i < timestamp.length; i++) {
    const t = timestamp[i] ?? 0;
    if (t < next) continue;
    if (i > 0) exDays.add(i);
    while (next <= t) next += 91 * DAY;
  }
  let factor = 1;
  for (let i = timestamp.length - 1; i >= 0; i--) {
    adjclose[i] = Math.round((close[i] ?? 0) * factor * 1e6) / 1e6;
    if (exDays.has(i)) {
      const prev = close[i - 1] ?? 1;
      const amount = Math.round(prev * plan.yield * 100) / 100;
      dividends[String(timestamp[i])] = { amount, date: new Date((timestamp[i] ?? 0) * 1000) };
      factor *= 1 - amount / prev;
    }
  }
  return { dividends, adjclose };
}
