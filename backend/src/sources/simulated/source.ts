// An offline market for demos and tests. Prices follow a seeded geometric Brownian motion that
// is a pure function of (seed, symbol, time) (see path.ts), so a tick is always the close
// of its forming 1m bar, day high/low/volume are the aggregate of the session's bars, and bars
// for any past range (backfill) match what the live feed showed.
import type { SymbolCandle, Tick } from '@tickstream/shared';
import type { Config } from '../../config.ts';
import { createMarketClock, isAlwaysOpenSymbol, type Session } from './clock.ts';
import { logAtSecond, secondsOfMinute, type PathParams } from './path.ts';
import { hashInts, hashString, normalAt } from './random.ts';
import { symbolProfile, type SymbolProfile } from './symbols.ts';
import { CATALOGUE_BY_SYMBOL } from './catalogue.ts';
import { searchCatalogue } from './search.ts';
import type { QuoteSource } from '../types.ts';
import type { SkipSink } from '../skips.ts';
import { parseDailyChart } from '../daily-chart.ts';
import { simulatedDailyChart, type DailyChartDeps } from './daily.ts';

const TAG_VOLUME = 4;
/** 1m bars made between turns of the event loop (each samples its 60 seconds: ~15-25 ms for these) */
const BARS_PER_TURN = 240;
/** The simulation's own chart has nothing invalid to report. */
const noSkips: SkipSink = { skip: () => {}, notice: () => {} };
const DAY = 86_400;
/** Pre/post-market trading hours around the regular session (us-equities), as Yahoo reports them. */
const POST_HOURS = 4 * 3600;

interface SimSymbol {
  profile: SymbolProfile;
  path: PathParams;
}

interface DayStats {
  sessionOpen: number;
  /** bars [sessionOpen, upTo) are aggregated */
  upTo: number;
  high: number;
  low: number;
  volume: number;
}

export interface SimulatedSourceOptions {
  /** unix ms */
  now: () => number;
}

export function createSimulatedSource(config: Config['source'], options: SimulatedSourceOptions): QuoteSource {
  const clock = createMarketClock(config.market);
  // Per-instance caches, bounded by the number of symbols ever asked for.
  const symbols = new Map<string, SimSymbol>();
  const dayStats = new Map<string, DayStats>();
  const yearRanges = new Map<string, { day: number; high: number; low: number }>();

  const sim = (symbol: string): SimSymbol => {
    let s = symbols.get(symbol);
    if (!s) {
      const profile = symbolProfile(symbol, config.seed);
      s = { profile, path: { key: hashInts(config.seed, hashString(symbol)), volatility: profile.volatility, anchorSpread: 0.08 } };
      symbols.set(symbol, s);
    }
    return s;
  };
  const round = (p: SymbolProfile, v: number) => {
    const f = 10 ** p.decimals;
    return Math.round(v * f) / f;
  };
  const priceOf = (s: SimSymbol, logDev: number) => round(s.profile, s.profile.basePrice * Math.exp(logDev));
  const priceAt = (s: SimSymbol, t: number) => priceOf(s, logAtSecond(s.path, t));
  const minuteVolume = (s: SimSymbol, minute: number) =>
    Math.round(s.profile.minuteVolume * Math.exp(0.6 * normalAt(s.path.key, TAG_VOLUME, minute) - 0.18));

  /** The 1m bar starting at `start`, as it stands at `until` (< start + 60 for the forming bar). */
  function bar(symbol: string, s: SimSymbol, start: number, until: number): SymbolCandle {
    const minute = start / 60;
    const w = secondsOfMinute(s.path, minute);
    const last = Math.max(0, Math.min(60, until - start));
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 0; i <= last; i++) {
      const v = w[i] ?? 0;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
    return {
      symbol,
      time: start,
      open: priceOf(s, w[0] ?? 0),
      high: priceOf(s, hi),
      low: priceOf(s, lo),
      close: priceOf(s, w[last] ?? 0),
      volume: Math.floor((minuteVolume(s, minute) * last) / 60),
    };
  }

  /** High, low and volume of the session up to `t`, advancing a per-symbol running aggregate. */
  function sessionStats(symbol: string, s: SimSymbol, session: Session, t: number) {
    const completedEnd = Math.min(Math.floor(t / 60) * 60, session.close);
    let stats = dayStats.get(symbol);
    if (!stats || stats.sessionOpen !== session.open || stats.upTo > completedEnd) {
      stats = { sessionOpen: session.open, upTo: session.open, high: -Infinity, low: Infinity, volume: 0 };
      dayStats.set(symbol, stats);
    }
    for (let m = stats.upTo; m < completedEnd; m += 60) {
      const b = bar(symbol, s, m, m + 60);
      stats.high = Math.max(stats.high, b.high);
      stats.low = Math.min(stats.low, b.low);
      stats.volume += b.volume;
    }
    stats.upTo = Math.max(stats.upTo, completedEnd);
    let { high, low, volume } = stats;
    if (t < session.close) {
      const forming = bar(symbol, s, completedEnd, t);
      high = Math.max(high, forming.high);
      low = Math.min(low, forming.low);
      volume += forming.volume;
    }
    return { high, low, volume };
  }

  /** High, low and volume of a session's 1m bars up to `until`, uncached (the daily chart's recent days; ticks use sessionStats). */
  function sessionBars(symbol: string, s: SimSymbol, session: Session, until: number) {
    const end = Math.min(until, session.close);
    let [high, low, volume] = [-Infinity, Infinity, 0];
    for (let m = Math.ceil(session.open / 60) * 60; m < end; m += 60) {
      const b = bar(symbol, s, m, Math.min(m + 60, end));
      high = Math.max(high, b.high);
      low = Math.min(low, b.low);
      volume += b.volume;
    }
    return { high, low, volume };
  }

  /** 52-week range of the days before today, from daily samples of the path (once a day per symbol, so it holds all day). */
  function yearRange(symbol: string, s: SimSymbol, nowSec: number) {
    const day = Math.floor(nowSec / DAY);
    let r = yearRanges.get(symbol);
    if (!r || r.day !== day) {
      r = { day, high: -Infinity, low: Infinity };
      for (let d = day - 365; d < day; d++) {
        const p = priceAt(s, d * DAY);
        r.high = Math.max(r.high, p);
        r.low = Math.min(r.low, p);
      }
      yearRanges.set(symbol, r);
    }
    return r;
  }

  /** Pre/post-market fields: the path goes on outside regular hours, as trades there do. */
  function extendedHours(symbol: string, s: SimSymbol, session: Session, nowSec: number, close: number) {
    const none = { price: null, change: null, changePercent: null, time: null };
    const state = clock.state(symbol, nowSec);
    if (config.market === 'always-open' || isAlwaysOpenSymbol(symbol) || state === 'REGULAR') return { pre: none, post: none };
    const at = (time: number) => {
      const p = priceAt(s, time);
      const change = p - close;
      return { price: p, change: round({ ...s.profile, decimals: s.profile.decimals + 2 }, change), changePercent: Math.round((change / close) * 1e6) / 1e4, time };
    };
    if (state === 'PRE') return { pre: at(nowSec), post: none };
    // POST, or closed after it: the last post-market trade of the last session.
    return { pre: none, post: at(Math.min(nowSec, session.close + POST_HOURS)) };
  }

  function tick(symbol: string, nowSec: number): Tick {
    const s = sim(symbol);
    const session = clock.lastSession(symbol, nowSec);
    // Outside regular hours the quote stays at the last close, like Yahoo's regularMarketPrice.
    const time = Math.min(nowSec, session.close);
    const price = priceAt(s, time);
    const previousClose = priceAt(s, clock.previousSession(symbol, session).close);
    const stats = sessionStats(symbol, s, session, time);
    const change = price - previousClose;
    return {
      symbol,
      time,
      price,
      change: round({ ...s.profile, decimals: s.profile.decimals + 2 }, change),
      changePercent: Math.round((change / previousClose) * 100 * 10_000) / 10_000,
      previousClose,
      dayHigh: Math.max(stats.high, price),
      dayLow: Math.min(stats.low, price),
      dayVolume: stats.volume,
      marketState: clock.state(symbol, nowSec),
      currency: s.profile.currency,
      source: 'simulated',
      name: s.profile.name,
      ...info(symbol, s, session, nowSec, price, { high: Math.max(stats.high, price), low: Math.min(stats.low, price) }),
    };
  }

  function info(symbol: string, s: SimSymbol, session: Session, nowSec: number, close: number, day: { high: number; low: number }) {
    const crypto = isAlwaysOpenSymbol(symbol);
    // the 52-week range includes today, as Yahoo's does: the price never sits outside it
    const sampled = yearRange(symbol, s, nowSec);
    const year = { high: Math.max(sampled.high, day.high), low: Math.min(sampled.low, day.low) };
    const { pre, post } = extendedHours(symbol, s, session, nowSec, close);
    const sessionMinutes = (session.close - session.open) / 60;
    return {
      exchange: crypto ? 'CCC' : 'Simulated',
      timezone: crypto || config.market === 'always-open' ? 'UTC' : 'America/New_York',
      open: priceAt(s, session.open),
      fiftyTwoWeekHigh: year.high,
      fiftyTwoWeekLow: year.low,
      averageDailyVolume3Month: Math.round(s.profile.minuteVolume * sessionMinutes),
      preMarketPrice: pre.price,
      preMarketChange: pre.change,
      preMarketChangePercent: pre.changePercent,
      preMarketTime: pre.time,
      postMarketPrice: post.price,
      postMarketChange: post.change,
      postMarketChangePercent: post.changePercent,
      postMarketTime: post.time,
    };
  }

  const daily: DailyChartDeps = {
    clock,
    alwaysOpen: config.market === 'always-open',
    priceAt: (symbol, t) => priceAt(sim(symbol), t),
    minuteVolume: (symbol) => sim(symbol).profile.minuteVolume,
    sessionBars: (symbol, session, until) => sessionBars(symbol, sim(symbol), session, until),
    currency: (symbol) => sim(symbol).profile.currency,
  };

  return {
    name: 'simulated',
    async fetchQuotes(list) {
      const nowSec = Math.floor(options.now() / 1000);
      const unique = [...new Set(list.map((x) => x.toUpperCase()))];
      return { ticks: unique.map((symbol) => tick(symbol, nowSec)), problems: [] };
    },
    async fetchBars(rawSymbol, range) {
      const symbol = rawSymbol.toUpperCase();
      const s = sim(symbol);
      const nowSec = Math.floor(options.now() / 1000);
      const from = Math.floor(range.from / 60) * 60;
      const to = Math.min(range.to, nowSec + 1);
      const out: SymbolCandle[] = [];
      for (const session of clock.sessionsBetween(symbol, from, to)) {
        const first = Math.ceil(session.open / 60) * 60;
        for (let m = first; m < session.close; m += 60) {
          // A backfill's bars BARS_PER_TURN at a time: backfills run side by side, and requests
          // waited behind all their bars at once (bench:startup). The global setImmediate, which
          // tests' fake clocks drive; a poll's few new bars never wait for it.
          if (out.length > 0 && out.length % BARS_PER_TURN === 0) await new Promise((r) => setImmediate(r));
          out.push(bar(symbol, s, m, Math.min(m + 60, nowSec)));
        }
      }
      return out;
    },
    async fetchDaily(rawSymbol, from) {
      const symbol = rawSymbol.toUpperCase();
      const nowSec = Math.floor(options.now() / 1000);
      const chart = await simulatedDailyChart(daily, symbol, from, nowSec);
      return parseDailyChart(symbol, chart, { nowSec, skips: noSkips, source: 'simulated' });
    },
    async search(query, limit) {
      return searchCatalogue(query, limit);
    },
    async lookup(list) {
      const unique = [...new Set(list.map((x) => x.toUpperCase()))];
      return { known: unique.filter((s) => CATALOGUE_BY_SYMBOL.has(s)), unknown: unique.filter((s) => !CATALOGUE_BY_SYMBOL.has(s)) };
    },
  };
}
