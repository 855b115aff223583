// Yahoo's daily chart (chart() with interval 1d, events div|split, return 'object') -> valid daily
// bars. Yahoo's OHLC are split-adjusted; `adjclose` adds dividends. Bars are keyed by the exchange's
// trading date (Yahoo stamps a day at its session open, local time). Null bars are dropped; a day
// seen twice (Yahoo's trailing live point) keeps the last; events land on their ex-day.
// Top level of sources/ because both sources use it: the simulated one builds Yahoo's exact daily
// chart object and reads it back through this parser, so the offline demo exercises the real path.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DailyBar } from '@tickstream/shared';
import type { DailyHistory } from './types.ts';
import { isTimeZone, localDate, wallClock } from '../time/exchange.ts';
import { checkPrice, readNumber, type ValidationContext } from './yahoo/parse.ts';

/**
 * Rows read between turns of the event loop. A row's trading date costs an Intl lookup (~9 us), so
 * decades of days (AAPL: 11,000 from Yahoo, 16,800 in the always-open simulation) took 100-150 ms
 * in one go, and requests waited behind it; 1,000 rows are ~10 ms.
 */
const ROWS_PER_TURN = 1000;

/** Relative tolerance for float noise when open/close sit a hair outside [low, high]. */
const EPS = 1e-6;

/** Date | unix seconds (negative before 1970) -> unix seconds, or null. */
function seconds(v: unknown): number | null {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? Math.floor(v.getTime() / 1000) : null;
  const n = readNumber(v);
  return n.kind === 'ok' ? Math.floor(n.value) : null;
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const column = (o: Record<string, unknown>, name: string): unknown[] => (Array.isArray(o[name]) ? (o[name] as unknown[]) : []);
/** yahoo-finance2 keeps events keyed by timestamp ('object' return); an array is accepted too. */
const events = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v : Object.values(record(v))).map(record);

export async function parseDailyChart(symbol: string, chart: unknown, ctx: ValidationContext): Promise<DailyHistory> {
  const c = record(chart);
  const meta = record(c.meta);
  const timezone = isTimeZone(meta.exchangeTimezoneName) ? meta.exchangeTimezoneName : 'UTC';
  const openAt = seconds(record(record(meta.currentTradingPeriod).regular).start);
  const firstTrade = seconds(meta.firstTradeDate);
  const out: DailyHistory = {
    bars: [],
    timezone,
    sessionOpen: openAt === null ? 0 : wallClock(openAt, timezone).minute,
    firstTradeDay: firstTrade === null ? null : localDate(firstTrade, timezone),
  };
  const stamps = column(c, 'timestamp');
  const indicators = record(c.indicators);
  const q = record(column(indicators, 'quote')[0]);
  const adj = column(record(column(indicators, 'adjclose')[0]), 'adjclose');
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map((k) => column(q, k)) as [unknown[], unknown[], unknown[], unknown[], unknown[]];

  const byDay = new Map<string, DailyBar>();
  for (let i = 0; i < stamps.length; i++) {
    if (i > 0 && i % ROWS_PER_TURN === 0) await nextTurn();
    const t = seconds(stamps[i]);
    if (t === null || t > ctx.nowSec + 86_400) {
      ctx.skips.skip(t === null ? 'bad_time' : 'future_time', symbol, `daily bar ${i}: timestamp ${JSON.stringify(stamps[i])}`);
      continue;
    }
    const raw = [open[i], high[i], low[i], close[i]];
    if (raw.some((v) => v === null || v === undefined)) {
      ctx.skips.skip('null_bar', symbol, `daily bar at ${t} has null OHLC`);
      continue;
    }
    const prices = raw.map((v, k) => checkPrice(v, ['open', 'high', 'low', 'close'][k] ?? 'price'));
    const bad = prices.find((p) => !p.ok);
    if (bad && !bad.ok) {
      ctx.skips.skip(bad.kind, symbol, `daily bar at ${t}: ${bad.detail}`);
      continue;
    }
    const [o, h, l, cl] = prices.map((p) => (p.ok ? p.value : 0)) as [number, number, number, number];
    const tol = h * EPS;
    if (h < l || Math.max(o, cl) > h + tol || Math.min(o, cl) < l - tol) {
      ctx.skips.skip('inconsistent_bar', symbol, `daily bar at ${t}: o=${o} h=${h} l=${l} c=${cl}`);
      continue;
    }
    const adjusted = checkPrice(adj[i] ?? cl, 'adjclose');
    const vol = readNumber(volume[i]);
    const day = localDate(t, timezone);
    byDay.set(day, {
      symbol,
      day,
      open: o,
      high: Math.max(h, o, cl),
      low: Math.min(l, o, cl),
      close: cl,
      adjclose: adjusted.ok ? adjusted.value : cl,
      volume: vol.kind === 'ok' && vol.value >= 0 ? vol.value : 0,
    });
  }

  const ev = record(c.events);
  for (const d of events(ev.dividends)) {
    const bar = at(byDay, d.date, timezone);
    const amount = readNumber(d.amount);
    if (bar && amount.kind === 'ok' && amount.value > 0) bar.dividend = amount.value;
  }
  for (const s of events(ev.splits)) {
    const bar = at(byDay, s.date, timezone);
    const [num, den] = [readNumber(s.numerator), readNumber(s.denominator)];
    if (bar && num.kind === 'ok' && den.kind === 'ok' && num.value > 0 && den.value > 0) bar.splitRatio = num.value / den.value;
  }
  out.bars = [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  return out;
}

function at(byDay: Map<string, DailyBar>, date: unknown, timezone: string): DailyBar | undefined {
  const t = seconds(date);
  return t === null ? undefined : byDay.get(localDate(t, timezone));
}
