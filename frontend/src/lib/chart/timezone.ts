// Chart time labels in a chosen IANA zone. Bar times stay true UTC (so the time scale stays strictly
// ascending across a DST change); only the labels are formatted, each with its own bar's offset, so
// the repeated autumn hour shows twice with two different offsets instead of folding onto itself.
import { DAILY_INTERVALS, type Interval } from '@tickstream/shared';
import { TICK_MARK, formatCrosshairTime, formatTickMark, formatZoneName } from '../format.ts';

export type TimeZoneMode = 'exchange' | 'local' | 'utc';
export const TIME_ZONE_MODES: readonly TimeZoneMode[] = ['exchange', 'local', 'utc'];

/** lightweight-charts' TickMarkType, by value (format.ts writes the labels). */
export const TICK = TICK_MARK;

/** Daily, weekly and monthly bars are dates (UTC midnight of the trading day): labelled by that date whatever the zone. */
export const isDateInterval = (interval: string): boolean => (DAILY_INTERVALS as readonly string[]).includes(interval);

/** The IANA zone a mode means; the exchange's zone falls back to UTC until the quote says it. */
export function resolveTimeZone(mode: TimeZoneMode, exchangeZone: string | null | undefined, localZone?: string): string {
  if (mode === 'utc') return 'UTC';
  if (mode === 'local') return localZone ?? localTimeZone();
  return exchangeZone && isTimeZone(exchangeZone) ? exchangeZone : 'UTC';
}

// Asking Intl for the device's zone or checking a zone name builds a formatter each time, and the
// first one costs tens of milliseconds on a phone (the symbol page's mount asked several times):
// both answers are kept for the page's life.
let localZone: string | undefined;
export function localTimeZone(): string {
  return (localZone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

const zoneNames = new Map<string, boolean>();
export function isTimeZone(zone: string): boolean {
  let known = zoneNames.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    // a bounded cache: zone names come from quotes, and there are only a few hundred real ones
    if (zoneNames.size < 1000) zoneNames.set(zone, known);
  }
  return known;
}

export interface ZonedLabels {
  /** the axis label of a tick mark (lightweight-charts `timeScale.tickMarkFormatter`) */
  tickMark(unixSeconds: number, tickMarkType: number): string;
  /** the crosshair's time label and the legend's (lightweight-charts `localization.timeFormatter`): with the bar's own offset */
  crosshair(unixSeconds: number): string;
  /** the short name of the zone at that instant, e.g. "GMT-4" */
  offsetName(unixSeconds: number): string;
}

/** The chart's time labels in one zone, written by the page's one formatter (format.ts). */
export function zonedLabels(timeZone: string, interval: Interval | string, locale?: string): ZonedLabels {
  const dates = isDateInterval(interval);
  return {
    tickMark: (s, type) => formatTickMark(s, type, timeZone, dates, locale),
    crosshair: (s) => formatCrosshairTime(s, timeZone, dates, locale),
    offsetName: (s) => formatZoneName(s, timeZone, locale),
  };
}
