// When the simulated market trades. 'always-open': every symbol trades 24/7 and a "day" is a
// UTC day. 'us-equities': NYSE regular hours 09:30-16:00 America/New_York on weekdays (with
// PRE 04:00-09:30 and POST 16:00-20:00; exchange holidays are not modelled); crypto pairs
// ("-USD") still trade 24/7.
import type { MarketState } from '@tickstream/shared';

export type SimMarket = 'always-open' | 'us-equities';

/** A trading session [open, close) in unix seconds. */
export interface Session {
  open: number;
  close: number;
}

export interface MarketClock {
  state(symbol: string, t: number): MarketState;
  /** The session containing t, or else the last one that ended before t. */
  lastSession(symbol: string, t: number): Session;
  /** The session before `session`. */
  previousSession(symbol: string, session: Session): Session;
  /** Trading sessions clipped to [from, to), ascending. */
  sessionsBetween(symbol: string, from: number, to: number): Session[];
}

const DAY = 86_400;
const OPEN_MIN = 9 * 60 + 30;
const CLOSE_MIN = 16 * 60;
const PRE_MIN = 4 * 60;
const POST_END_MIN = 20 * 60;

export function isAlwaysOpenSymbol(symbol: string): boolean {
  return /-USD$/.test(symbol);
}

export function createMarketClock(market: SimMarket): MarketClock {
  const ny = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  /** New York wall clock of unix second t: day number (days since 1970-01-01) and minute of day. */
  const local = (t: number) => {
    const parts: Record<string, number> = {};
    for (const p of ny.formatToParts(new Date(t * 1000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) / 1000;
    return { day: Math.floor(wall / DAY), minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0), offset: wall - t };
  };
  /** Unix second of New York wall time (day number, minute of day); DST-correct. */
  const nyTime = (day: number, minuteOfDay: number) => {
    const wall = day * DAY + minuteOfDay * 60;
    let t = wall - local(wall).offset;
    const second = local(t).offset;
    if (wall - second !== t) t = wall - second;
    return t;
  };
  const isWeekday = (day: number) => {
    const wd = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return wd >= 1 && wd <= 5;
  };
  const usSession = (day: number): Session => ({ open: nyTime(day, OPEN_MIN), close: nyTime(day, CLOSE_MIN) });
  const prevWeekday = (day: number) => {
    let d = day - 1;
    while (!isWeekday(d)) d--;
    return d;
  };
  const open24 = (symbol: string) => market === 'always-open' || isAlwaysOpenSymbol(symbol);

  return {
    state(symbol, t) {
      if (open24(symbol)) return 'REGULAR';
      const { day, minuteOfDay } = local(t);
      if (!isWeekday(day)) return 'CLOSED';
      if (minuteOfDay < PRE_MIN) return 'CLOSED';
      if (minuteOfDay < OPEN_MIN) return 'PRE';
      if (minuteOfDay < CLOSE_MIN) return 'REGULAR';
      if (minuteOfDay < POST_END_MIN) return 'POST';
      return 'CLOSED';
    },
    lastSession(symbol, t) {
      if (open24(symbol)) {
        const open = Math.floor(t / DAY) * DAY;
        return { open, close: open + DAY };
      }
      const { day } = local(t);
      if (isWeekday(day)) {
        const s = usSession(day);
        if (t >= s.open) return s;
      }
      return usSession(prevWeekday(day));
    },
    previousSession(symbol, session) {
      if (open24(symbol)) return { open: session.open - DAY, close: session.open };
      return usSession(prevWeekday(local(session.open).day));
    },
    sessionsBetween(symbol, from, to) {
      if (to <= from) return [];
      if (open24(symbol)) return [{ open: from, close: to }];
      const out: Session[] = [];
      for (let day = local(from).day - 1; day <= local(to).day; day++) {
        if (!isWeekday(day)) continue;
        const s = usSession(day);
        const open = Math.max(s.open, from);
        const close = Math.min(s.close, to);
        if (open < close) out.push({ open, close });
      }
      return out;
    },
  };
}
