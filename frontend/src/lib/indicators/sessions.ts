// VWAP's anchor: the exchange's trading day, on the exchange's own clock (the quote's
// `exchangeTimezoneName`). A New York session runs 04:00–20:00 local time, so its evening bars fall
// on the next UTC day (00:30 UTC is 19:30 EST): anchored to UTC days, VWAP would restart in the
// middle of a session. Crypto quotes say UTC, and keep UTC days.
import { utcDay, type SessionOf } from './compute.ts';

const DAY = 86_400;
/** Every zone's offsets, and so its midnights and DST changes, fall on a quarter hour. */
const SLOT = 900;

function validZone(timeZone: string): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  } catch {
    return null;
  }
}

/**
 * The session of a bar time: its local date in `timeZone` as days since 1970-01-01 (DST included,
 * via Intl). UTC, no zone yet or one Intl does not know: the UTC day.
 */
export function exchangeSessions(timeZone: string | null | undefined): SessionOf {
  const fmt = timeZone && timeZone !== 'UTC' ? validZone(timeZone) : null;
  if (!fmt) return utcDay;
  // Bars come in time order and share quarter hours: one Intl call per quarter hour, not per bar.
  let slot = Number.NaN;
  let day = 0;
  return (time) => {
    const s = Math.floor(time / SLOT);
    if (s !== slot) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(new Date(time * 1000))) p[part.type] = Number(part.value);
      slot = s;
      day = Date.UTC(p.year!, p.month! - 1, p.day!) / 1000 / DAY;
    }
    return day;
  };
}
