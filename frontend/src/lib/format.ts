// The one place numbers and times become text: prices, changes, percentages, volumes, money and
// times, for every page and chart. Locale (and time zone) default to the browser's; tests pass
// them explicitly. Negative values carry a true minus (U+2212) everywhere, changes an explicit
// plus, times a named zone; the `.num` class (app.css) sets tabular figures where they line up.
import type { Tick } from '@tickstream/shared';

export type Direction = 'up' | 'down' | 'flat';

// Intl formatters are costly to build and every card re-renders on each tick: one per locale+options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, locale: string | undefined, options: object, make: () => T): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f as T;
}
const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions) =>
  cached('n', locale, options, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

/** Two decimals for ordinary prices, more for sub-dollar ones (crypto pairs, penny stocks). */
export function priceDigits(price: number): number {
  return price < 1 ? 4 : 2;
}

export function formatPrice(price: number, currency: string | null = null, locale?: string): string {
  const digits = priceDigits(price);
  const options: Intl.NumberFormatOptions = { minimumFractionDigits: digits, maximumFractionDigits: digits };
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return numberFormat(locale, { ...options, style: 'currency', currency }).format(price);
    } catch {
      // unknown currency code: fall through to a plain number
    }
  }
  return numberFormat(locale, options).format(price);
}

export function formatSigned(value: number, locale?: string, digits = 2): string {
  const text = numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    Math.abs(value),
  );
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A number as entered, at least 2 and at most 6 decimals: 201.5 -> "201.50", 0.12345 stays. */
export function formatDecimal(value: number, locale?: string): string {
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(value);
}

/** A multiple, one decimal: 1.46 -> "1.5×". */
export function formatRatio(value: number, locale?: string): string {
  return `${numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)}×`;
}

export function formatPercent(value: number, locale?: string): string {
  return `${formatSigned(value, locale)}%`;
}

export function formatVolume(volume: number, locale?: string): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(volume);
}

// Times are 24-hour, like the chart's own time axis, and name their zone ("14:32:05 UTC").
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
const DAY_TIME: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };

/** Wall-clock time of a unix-seconds instant with its zone: "14:32:05 UTC". */
export function formatClock(unixSeconds: number, locale?: string, timeZone?: string): string {
  return dateFormat(locale, { ...CLOCK, ...(timeZone ? { timeZone } : {}) }).format(unixSeconds * 1000);
}

/** "Dec 1, 14:32 UTC" (a bar, an alert firing) or, without the time, "Dec 1, 2026" (a daily bar). */
export function formatDateTime(unixSeconds: number, withTime: boolean, locale?: string, timeZone?: string): string {
  // A date-only time is a trading day's UTC midnight: read in UTC, or New York shows the day before.
  const zone = withTime ? timeZone : 'UTC';
  return dateFormat(locale, { ...(withTime ? DAY_TIME : DAY), ...(zone ? { timeZone: zone } : {}) }).format(unixSeconds * 1000);
}

// ---- chart axes: lightweight-charts asks for every label it draws, and gets it from here ----------

/**
 * A price-axis or crosshair price: grouped like every price on the page ("7,335.65"), no currency
 * (the header names it). `digits` is the series' (priceDigits), so all of an axis' labels match.
 */
export function formatAxisPrice(price: number, digits: number, locale?: string): string {
  const magnitude = Number(Math.abs(price).toFixed(digits));
  const text = numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(magnitude);
  return price < 0 && magnitude !== 0 ? `−${text}` : text;
}

/** lightweight-charts' TickMarkType, by value (Year, Month, DayOfMonth, Time, TimeWithSeconds). */
export const TICK_MARK = { year: 0, month: 1, day: 2, time: 3, seconds: 4 } as const;
const HM: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/**
 * A time-axis label in `timeZone`: the year, month or day where one begins, else the 24-hour time.
 * `dates`: daily+ bars, whose time is the trading day's UTC midnight, always labelled by that date.
 */
export function formatTickMark(unixSeconds: number, tickMarkType: number, timeZone: string, dates: boolean, locale?: string): string {
  const zone = dates ? 'UTC' : timeZone;
  const at = unixSeconds * 1000;
  if (tickMarkType === TICK_MARK.year) return dateFormat(locale, { year: 'numeric', timeZone: zone }).format(at);
  if (tickMarkType === TICK_MARK.month) return dateFormat(locale, { month: 'short', timeZone: zone }).format(at);
  if (tickMarkType === TICK_MARK.day || dates) return dateFormat(locale, { day: 'numeric', month: 'short', timeZone: zone }).format(at);
  if (tickMarkType === TICK_MARK.seconds) return dateFormat(locale, { ...HM, second: '2-digit', timeZone: zone }).format(at);
  return dateFormat(locale, { ...HM, timeZone: zone }).format(at);
}

/** The zone's short name at that instant ("GMT-4", "UTC"): a repeated autumn hour reads twice, told apart. */
export function formatZoneName(unixSeconds: number, timeZone: string, locale?: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const parts = dateFormat(locale, { timeZoneName: 'shortOffset', timeZone }).formatToParts(unixSeconds * 1000);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** The crosshair's time: "Mon, Dec 2, 24, 09:30 GMT-5", or a daily bar's date "Mon, Dec 2, 2024". */
export function formatCrosshairTime(unixSeconds: number, timeZone: string, dates: boolean, locale?: string): string {
  const at = unixSeconds * 1000;
  if (dates) return dateFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(at);
  const text = dateFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', year: '2-digit', ...HM, timeZone }).format(at);
  return `${text} ${formatZoneName(unixSeconds, timeZone, locale)}`;
}

// The API's money, prices and percentages are decimal strings, already rounded exactly: Intl
// formats a numeric string as the exact decimal, so grouping, sign and currency are added without
// re-rounding through floats. Every decimal given is kept (at least two).
type Exact = Intl.StringNumericLiteral;
const isNegative = (value: string) => value.startsWith('-') && /[1-9]/.test(value);
const isPositive = (value: string) => !value.startsWith('-') && /[1-9]/.test(value);

function exact(value: string, locale: string | undefined, currency: string | null, minDigits = 2): string {
  const digits = Math.max(minDigits, value.split('.')[1]?.length ?? 0);
  const options: Intl.NumberFormatOptions = { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'never' };
  const magnitude = value.replace(/^[-+]/, '') as Exact;
  let text: string | undefined;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      text = numberFormat(locale, { ...options, style: 'currency', currency }).format(magnitude);
    } catch {
      // unknown currency code: the code after the number
    }
  }
  text ??= `${numberFormat(locale, options).format(magnitude)}${currency ? ` ${currency}` : ''}`;
  return isNegative(value) ? `−${text}` : text;
}

/** "$1,234,567.50", "−€12.00"; an em dash for a missing value. */
export function formatMoney(value: string | null, currency: string | null, locale?: string): string {
  return value === null ? '—' : exact(value, locale, currency);
}

/** A money change with its sign: "+$50.00", "−$3.10", "$0.00". */
export function formatSignedMoney(value: string | null, currency: string | null, locale?: string): string {
  if (value === null) return '—';
  return `${isPositive(value) ? '+' : ''}${exact(value, locale, currency)}`;
}

/** An exact decimal ("187.2" -> "187.20", a quantity "1200" -> "1,200"), `minDigits` decimals at least. */
export function formatExact(value: string | null, locale?: string, minDigits = 2): string {
  return value === null ? '—' : exact(value, locale, null, minDigits);
}

/** An exact percentage, signed ("+3.23%") or not ("25.00%"). */
export function formatExactPercent(value: string | null, signed: boolean, locale?: string): string {
  if (value === null) return '—';
  return `${signed && isPositive(value) ? '+' : ''}${formatExact(value, locale)}%`;
}

/** CSS class for an exact change: up, down or flat. */
export function trendOf(value: string | null): Direction {
  if (value === null || !/[1-9]/.test(value)) return 'flat';
  return value.startsWith('-') ? 'down' : 'up';
}

/** Change against the previous close; null (no colour, no sign) before there is a previous value. */
export function changeOf(tick: Pick<Tick, 'price' | 'change' | 'changePercent' | 'previousClose'>): {
  change: number | null;
  percent: number | null;
} {
  const prev = tick.previousClose;
  const change = tick.change ?? (prev ? tick.price - prev : null);
  const percent = tick.changePercent ?? (prev && change !== null ? (change / prev) * 100 : null);
  return { change, percent };
}

export function directionOf(change: number | null): Direction | null {
  if (change === null || !Number.isFinite(change)) return null;
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
}

export function secondsUntil(targetMs: number | null, nowMs: number): number | null {
  if (targetMs === null) return null;
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}

/** "12s", "4m", "3h", "2d": how old a quote is, at a glance (a table column). */
export function formatAgeShort(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.floor(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}

/** "40 s ago", "3 min ago", "2 h ago": how old a quote is, in the largest whole unit. */
export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
