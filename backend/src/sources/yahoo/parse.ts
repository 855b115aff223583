// The one gate between a source's raw answers and the rest of the system: nothing leaves here
// unless every price is finite and positive and every time is sane. Inputs may be
// yahoo-finance2's coerced values (Date, number) or raw Yahoo JSON (epoch seconds, numeric
// strings, { raw }) because a FailedYahooValidationError hands us the partially coerced result.
import { tickSchema, type MarketState, type SymbolCandle, type Tick } from '@tickstream/shared';
import type { SkipKind, SkipSink } from '../skips.ts';
import type { SymbolProblem } from '../types.ts';
import '../../zod-messages.ts';

/** Clock skew tolerated before a timestamp counts as "in the future". */
export const FUTURE_SKEW_SECONDS = 120;
/** Older than this is garbage for a live feed (Yahoo serves 1m bars for 30 days only). */
export const MAX_AGE_SECONDS = 31 * 86_400;

export interface ValidationContext {
  /** unix seconds */
  nowSec: number;
  skips: SkipSink;
  /** Tick.source */
  source: string;
}

type NumberRead = { kind: 'ok'; value: number } | { kind: 'missing' } | { kind: 'invalid'; raw: unknown };

/** number | numeric string | { raw: number }; null, undefined and {} are "missing". */
export function readNumber(v: unknown): NumberRead {
  if (v === null || v === undefined) return { kind: 'missing' };
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.trim() !== '') n = Number(v);
  else if (typeof v === 'object' && !(v instanceof Date)) {
    if (Object.keys(v).length === 0) return { kind: 'missing' };
    const raw = (v as { raw?: unknown }).raw;
    if (typeof raw !== 'number') return { kind: 'invalid', raw: v };
    n = raw;
  } else return { kind: 'invalid', raw: v };
  return Number.isFinite(n) ? { kind: 'ok', value: n } : { kind: 'invalid', raw: v };
}

/** Date | epoch seconds | epoch ms | { raw } | ISO string -> unix seconds (integer), or null. */
export function readUnixSeconds(v: unknown): number | null {
  let sec: number;
  if (v instanceof Date) sec = v.getTime() / 1000;
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) sec = Date.parse(v) / 1000;
  else {
    const n = readNumber(v);
    if (n.kind !== 'ok') return null;
    // Yahoo sends seconds; a 13-digit value is milliseconds.
    sec = n.value > 1e11 ? n.value / 1000 : n.value;
  }
  return Number.isFinite(sec) && sec > 0 ? Math.floor(sec) : null;
}

/** Yahoo's six states folded onto the four the UI knows. PREPRE/POSTPOST are overnight: closed. */
export function mapMarketState(raw: unknown): MarketState | null {
  switch (raw) {
    case 'PRE':
      return 'PRE';
    case 'REGULAR':
      return 'REGULAR';
    case 'POST':
      return 'POST';
    case 'CLOSED':
    case 'PREPRE':
    case 'POSTPOST':
      return 'CLOSED';
    default:
      return null;
  }
}

type TimeVerdict = { ok: true; time: number } | { ok: false; kind: SkipKind; detail: string };

export function checkTime(raw: unknown, nowSec: number): TimeVerdict {
  const time = readUnixSeconds(raw);
  if (time === null) return { ok: false, kind: 'bad_time', detail: `unreadable time ${JSON.stringify(raw)}` };
  if (time > nowSec + FUTURE_SKEW_SECONDS) return { ok: false, kind: 'future_time', detail: `time ${time} is ${time - nowSec}s in the future` };
  if (time < nowSec - MAX_AGE_SECONDS) return { ok: false, kind: 'stale_time', detail: `time ${time} is ${Math.round((nowSec - time) / 86_400)} days old` };
  return { ok: true, time };
}

type PriceVerdict = { ok: true; value: number } | { ok: false; kind: SkipKind; detail: string };

export function checkPrice(raw: unknown, field: string): PriceVerdict {
  const n = readNumber(raw);
  if (n.kind === 'missing') return { ok: false, kind: 'missing_price', detail: `${field} is missing` };
  if (n.kind === 'invalid') return { ok: false, kind: 'non_finite_price', detail: `${field} is ${JSON.stringify(n.raw) ?? String(n.raw)}` };
  if (n.value <= 0) return { ok: false, kind: 'non_positive_price', detail: `${field} is ${n.value}` };
  return { ok: true, value: n.value };
}

export type QuoteVerdict = { ok: true; tick: Tick } | { ok: false; problem: SymbolProblem };

/** One Yahoo quote object -> a Tick, or a per-symbol problem (the value is counted as skipped). */
export function validateQuote(symbol: string, q: Record<string, unknown>, ctx: ValidationContext): QuoteVerdict {
  const fail = (kind: SkipKind, code: string, detail: string): QuoteVerdict => {
    ctx.skips.skip(kind, symbol, detail);
    return { ok: false, problem: { symbol, code, message: detail } };
  };
  const price = checkPrice(q.regularMarketPrice, 'regularMarketPrice');
  if (!price.ok) return fail(price.kind, price.kind === 'missing_price' ? 'NO_DATA' : 'INVALID_VALUE', price.detail);
  const time = checkTime(q.regularMarketTime, ctx.nowSec);
  if (!time.ok) return fail(time.kind, time.kind === 'stale_time' ? 'STALE' : 'INVALID_VALUE', `regularMarketTime: ${time.detail}`);

  let marketState = mapMarketState(q.marketState);
  if (!marketState) {
    ctx.skips.skip('unknown_market_state', symbol, `marketState ${JSON.stringify(q.marketState)} read as CLOSED`);
    marketState = 'CLOSED';
  }
  const optional = (field: string, rule: 'any' | 'positive' | 'nonnegative'): number | null => {
    const n = readNumber(q[field]);
    if (n.kind === 'missing') return null;
    const ok = n.kind === 'ok' && (rule === 'any' || (rule === 'positive' ? n.value > 0 : n.value >= 0));
    if (ok) return n.value;
    ctx.skips.skip('invalid_field', symbol, `${field} is ${JSON.stringify(n.kind === 'ok' ? n.value : n.raw)}`);
    return null;
  };
  let dayHigh = optional('regularMarketDayHigh', 'positive');
  let dayLow = optional('regularMarketDayLow', 'positive');
  if (dayHigh !== null && dayLow !== null && dayHigh < dayLow) {
    ctx.skips.skip('invalid_field', symbol, `day high ${dayHigh} < day low ${dayLow}`);
    dayHigh = dayLow = null;
  }
  const name = readText(q.shortName, 200) ?? readText(q.longName, 200);
  const currency = typeof q.currency === 'string' && q.currency.length > 0 && q.currency.length <= 10 ? q.currency : null;
  const candidate = {
    symbol,
    time: time.time,
    price: price.value,
    change: optional('regularMarketChange', 'any'),
    changePercent: optional('regularMarketChangePercent', 'any'),
    previousClose: optional('regularMarketPreviousClose', 'positive'),
    dayHigh,
    dayLow,
    dayVolume: optional('regularMarketVolume', 'nonnegative'),
    marketState,
    currency,
    source: ctx.source,
    name,
    ...sessionInfo(q, optional),
  };
  const parsed = tickSchema.safeParse(candidate);
  if (!parsed.success) return fail('schema_mismatch', 'INVALID_VALUE', parsed.error.issues[0]?.message ?? 'invalid tick');
  return { ok: true, tick: parsed.data };
}

/** Relative tolerance for float noise when checking open/close inside [low, high]. */
const EPS = 1e-9;

/**
 * Yahoo chart arrays -> valid 1m bars, ascending, one per bucket. Null bars (Yahoo pads
 * charts with them), bad prices and bad times are dropped and counted. Out-of-order input
 * is sorted; an exact duplicate timestamp keeps the last; two timestamps in one minute
 * (Yahoo's trailing "live" point) are merged into that minute's bar.
 */
export function validateBars(symbol: string, chart: unknown, ctx: ValidationContext): SymbolCandle[] {
  const c = (chart ?? {}) as { timestamp?: unknown; indicators?: { quote?: unknown } };
  if (c.timestamp === undefined || c.timestamp === null) return [];
  const quotes = Array.isArray(c.indicators?.quote) ? (c.indicators.quote as unknown[]) : [];
  const q = (quotes[0] ?? {}) as Record<string, unknown>;
  if (!Array.isArray(c.timestamp)) {
    ctx.skips.skip('malformed_chart', symbol, 'chart.timestamp is not an array');
    return [];
  }
  const col = (name: string): unknown[] => (Array.isArray(q[name]) ? (q[name] as unknown[]) : []);
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(col) as [unknown[], unknown[], unknown[], unknown[], unknown[]];

  const rows: Array<{ ts: number; o: number; h: number; l: number; c: number; v: number }> = [];
  for (let i = 0; i < c.timestamp.length; i++) {
    const time = checkTime(c.timestamp[i], ctx.nowSec);
    if (!time.ok) {
      ctx.skips.skip(time.kind, symbol, `bar ${i}: ${time.detail}`);
      continue;
    }
    const raw = [open[i], high[i], low[i], close[i]];
    if (raw.some((v) => v === null || v === undefined)) {
      ctx.skips.skip('null_bar', symbol, `bar at ${time.time} has null OHLC`);
      continue;
    }
    const prices = raw.map((v, k) => checkPrice(v, ['open', 'high', 'low', 'close'][k] ?? 'price'));
    const bad = prices.find((p) => !p.ok);
    if (bad && !bad.ok) {
      ctx.skips.skip(bad.kind, symbol, `bar at ${time.time}: ${bad.detail}`);
      continue;
    }
    const [o, h, l, cl] = prices.map((p) => (p.ok ? p.value : 0)) as [number, number, number, number];
    const tol = h * EPS;
    if (h < l || o > h + tol || o < l - tol || cl > h + tol || cl < l - tol) {
      ctx.skips.skip('inconsistent_bar', symbol, `bar at ${time.time}: o=${o} h=${h} l=${l} c=${cl}`);
      continue;
    }
    const vol = readNumber(volume[i]);
    if (vol.kind === 'invalid' || (vol.kind === 'ok' && vol.value < 0)) {
      ctx.skips.skip('bad_volume', symbol, `bar at ${time.time}: volume ${JSON.stringify(vol.kind === 'ok' ? vol.value : vol.raw)}`);
      continue;
    }
    rows.push({ ts: time.time, o, h, l, c: cl, v: vol.kind === 'ok' ? vol.value : 0 });
  }

  for (let i = 1; i < rows.length; i++) {
    if ((rows[i]?.ts ?? 0) < (rows[i - 1]?.ts ?? 0)) {
      ctx.skips.notice('out_of_order_bars', symbol, 'bars arrived out of order and were sorted');
      rows.sort((a, b) => a.ts - b.ts); // stable: equal timestamps keep arrival order
      break;
    }
  }

  const out: SymbolCandle[] = [];
  let lastTs = Number.NaN;
  for (const r of rows) {
    const bucket = Math.floor(r.ts / 60) * 60;
    const prev = out[out.length - 1];
    if (r.ts === lastTs && prev) {
      ctx.skips.skip('duplicate_bar', symbol, `two bars at ${r.ts}; kept the last`);
      out[out.length - 1] = { symbol, time: bucket, open: r.o, high: r.h, low: r.l, close: r.c, volume: r.v };
    } else if (prev && prev.time === bucket) {
      out[out.length - 1] = {
        ...prev,
        high: Math.max(prev.high, r.h),
        low: Math.min(prev.low, r.l),
        close: r.c,
        volume: Math.max(prev.volume, r.v),
      };
    } else {
      out.push({ symbol, time: bucket, open: r.o, high: r.h, low: r.l, close: r.c, volume: r.v });
    }
    lastTs = r.ts;
  }
  return out;
}

type OptionalRead = (field: string, rule: 'any' | 'positive' | 'nonnegative') => number | null;

/** The quote's slow-moving fields (QuoteInfo beyond name, currency and previous close). */
function sessionInfo(q: Record<string, unknown>, optional: OptionalRead) {
  return {
    exchange: readText(q.fullExchangeName, 100) ?? readText(q.exchange, 100),
    timezone: readText(q.exchangeTimezoneName, 64),
    open: optional('regularMarketOpen', 'positive'),
    fiftyTwoWeekHigh: optional('fiftyTwoWeekHigh', 'positive'),
    fiftyTwoWeekLow: optional('fiftyTwoWeekLow', 'positive'),
    averageDailyVolume3Month: optional('averageDailyVolume3Month', 'nonnegative'),
    preMarketPrice: optional('preMarketPrice', 'positive'),
    preMarketChange: optional('preMarketChange', 'any'),
    preMarketChangePercent: optional('preMarketChangePercent', 'any'),
    preMarketTime: readUnixSeconds(q.preMarketTime),
    postMarketPrice: optional('postMarketPrice', 'positive'),
    postMarketChange: optional('postMarketChange', 'any'),
    postMarketChangePercent: optional('postMarketChangePercent', 'any'),
    postMarketTime: readUnixSeconds(q.postMarketTime),
  };
}

function readText(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  const text = v.trim();
  return text.length > 0 && text.length <= max ? text : null;
}
