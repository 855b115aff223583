// Chart time labels in a chosen IANA zone. Bar times stay true UTC (so the time scale stays strictly
// ascending across a DST change); only the labels are formatted, each with its own bar's offset, so
// the repeated autumn hour shows twice with two different offsets instead of folding onto itself.
import { DAILY_INTERVALS, type Interval } from '@tickstream/shared';

export type TimeZoneMode = 'exchange' | 'local' | 'utc';
export const TIME_ZONE_MODES: readonly TimeZoneMode[] = ['exchange', 'local', 'utc'];

/** lightweight-charts' TickMarkType, by value (Year, Month, DayOfMonth, Time, TimeWithSeconds). */
export const TICK = { year: 0, month: 1, day: 2, time: 3, seconds: 4 } as const;

/** Daily, weekly and monthly bars are dates (UTC midnight of the trading day): labelled by that date whatever the zone. */
export const isDateInterval = (interval: string): boolean => (DAILY_INTERVALS as readonly string[]).includes(interval);

/** The IANA zone a mode means; the exchange's zone falls back to UTC until the quote says it. */
export function resolveTimeZone(mode: TimeZoneMode, exchangeZone: string | null | undefined, localZone = localTimeZone()): string {
  if (mode === 'utc') return 'UTC';
  if (mode === 'local') return localZone;
  return exchangeZone && isTimeZone(exchangeZone) ? exchangeZone : 'UTC';
}

export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string | undefined, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone });
    cache.set(key, f);
  }
  return f;
}

const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

export interface ZonedLabels {
  /** the axis label of a tick mark (lightweight-charts `timeScale.tickMarkFormatter`) */
  tickMark(unixSeconds: number, tickMarkType: number): string;
  /** the crosshair's time label and the legend's (lightweight-charts `localization.timeFormatter`): with the bar's own offset */
  crosshair(unixSeconds: number): string;
  /** the short name of the zone at that instant, e.g. "GMT-4" */
  offsetName(unixSeconds: number): string;
}

export function zonedLabels(timeZone: string, interval: Interval | string, locale?: string): ZonedLabels {
  const dates = isDateInterval(interval);
  const zone = dates ? 'UTC' : timeZone;
  const at = (s: number) => new Date(s * 1000);
  const offsetName = (s: number) =>
    timeZone === 'UTC'
      ? 'UTC'
      : fmt(locale, timeZone, { timeZoneName: 'shortOffset' })
      .formatToParts(at(s))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return {
    tickMark(s, type) {
      if (type === TICK.year) return fmt(locale, zone, { year: 'numeric' }).format(at(s));
      if (type === TICK.month) return fmt(locale, zone, { month: 'short' }).format(at(s));
      if (type === TICK.day || dates) return fmt(locale, zone, { day: 'numeric', month: 'short' }).format(at(s));
      if (type === TICK.seconds) return fmt(locale, zone, { ...HM, second: '2-digit' }).format(at(s));
      return fmt(locale, zone, HM).format(at(s));
    },
    crosshair(s) {
      if (dates) return fmt(locale, 'UTC', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at(s));
      return `${fmt(locale, zone, { weekday: 'short', day: 'numeric', month: 'short', year: '2-digit', ...HM }).format(at(s))} ${offsetName(s)}`;
    },
    offsetName,
  };
}
