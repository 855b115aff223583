// Display formatting. Locale defaults to the browser's; tests pass one explicitly.
import type { Tick } from '@tickstream/shared';

export type Direction = 'up' | 'down' | 'flat';

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** Two decimals for ordinary prices, more for sub-dollar ones (crypto pairs, penny stocks). */
export function formatPrice(price: number, currency: string | null = null, locale?: string): string {
  const digits = price < 1 ? 4 : 2;
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

export function formatPercent(value: number, locale?: string): string {
  return `${formatSigned(value, locale)}%`;
}

export function formatVolume(volume: number, locale?: string): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(volume);
}

/** Local wall-clock time of a unix-seconds instant. */
export function formatClock(unixSeconds: number, locale?: string): string {
  return new Date(unixSeconds * 1000).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(unixSeconds: number, withTime: boolean, locale?: string): string {
  const d = new Date(unixSeconds * 1000);
  return withTime
    ? // 24-hour, like the chart's own time axis next to it
      d.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    : // a date-only time is a trading day's UTC midnight: read in UTC, or New York shows the day before
      d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
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

/** "40 s ago", "3 min ago", "2 h ago": how old a quote is, in the largest whole unit. */
export function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
