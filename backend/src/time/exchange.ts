// Wall-clock facts of an exchange's IANA time zone (trading dates, minutes after local midnight),
// via Intl so DST follows the tz database. One formatter per zone, kept for the process.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The zone's wall clock at unix second `t`: ISO date and minutes after local midnight. */
export function wallClock(t: number, timeZone: string): { date: string; minute: number } {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(t * 1000))) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** The zone's trading date (ISO) at unix second `t`. */
export const localDate = (t: number, timeZone: string): string => wallClock(t, timeZone).date;

/** Unix seconds of UTC midnight of an ISO date (how daily bars are timed on the wire). */
export const isoDateSeconds = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 1000;

/** The ISO date `days` after `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  return new Date((isoDateSeconds(isoDate) + days * 86_400) * 1000).toISOString().slice(0, 10);
}

/** Unix seconds of local midnight starting `isoDate` in the zone (DST included: the offset is read at that instant). */
export function localMidnight(isoDate: string, timeZone: string): number {
  let t = isoDateSeconds(isoDate);
  // Two corrections: the first guesses the offset at UTC midnight, the second at the local midnight it found.
  for (let i = 0; i < 2; i++) {
    const wall = wallClock(t, timeZone);
    t -= isoDateSeconds(wall.date) + wall.minute * 60 - isoDateSeconds(isoDate);
  }
  return t - (((t % 60) + 60) % 60);
}
