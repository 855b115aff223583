// Display formatting of the API's decimal strings. The strings are already rounded exactly;
// formatting only adds grouping, signs and the currency, never re-rounds money through floats.

/** "1234567.50" -> "1,234,567.50"; keeps every decimal given. */
export function groupDigits(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '0', frac] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

/** "$1,502.50", "-€12.00", "1,000.00 CHF"; an em dash for a missing value. */
export function money(value: string | null, currency: string | null): string {
  if (value === null) return '—';
  const negative = value.startsWith('-');
  const digits = groupDigits(negative ? value.slice(1) : value);
  const sign = negative ? '-' : '';
  const symbol = currency ? SYMBOLS[currency] : undefined;
  if (symbol) return `${sign}${symbol}${digits}`;
  return `${sign}${digits}${currency ? ` ${currency}` : ''}`;
}

/** Money change with an explicit sign: "+$50.00", "-$3.10". */
export function signedMoney(value: string | null, currency: string | null): string {
  if (value === null) return '—';
  return `${isPositive(value) ? '+' : ''}${money(value, currency)}`;
}

/** "3.23" -> "+3.23%" */
export function signedPercent(value: string | null): string {
  if (value === null) return '—';
  return `${isPositive(value) ? '+' : ''}${value}%`;
}

export function percent(value: string | null): string {
  return value === null ? '—' : `${value}%`;
}

/** A price as quoted, with at least 2 decimals: "187.2" -> "187.20". */
export function price(value: string | null): string {
  if (value === null) return '—';
  const [whole = '0', frac = ''] = value.split('.');
  return groupDigits(`${whole}.${frac.padEnd(2, '0')}`);
}

/** A quantity exactly as held, with grouping. */
export function quantity(value: string): string {
  return groupDigits(value);
}

function isPositive(value: string): boolean {
  return !value.startsWith('-') && /[1-9]/.test(value);
}

/** CSS class for a change: up, down or flat. */
export function trend(value: string | null): 'up' | 'down' | 'flat' {
  if (value === null || !/[1-9]/.test(value)) return 'flat';
  return value.startsWith('-') ? 'down' : 'up';
}
