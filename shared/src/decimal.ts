// Exact decimal arithmetic for money: every amount is a bigint counting 10^-18 units.
// Holding inputs carry at most 8 decimals and prices at most 10 after conversion, so a product
// of the two is exact; rounding happens once, when a figure is formatted for display or the wire.

export const DECIMAL_SCALE = 18;
const ONE = 10n ** BigInt(DECIMAL_SCALE);
const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal string ("12", "-0.5", "150.25"); null for anything else or > 18 decimals. */
export function parseDecimal(text: string): bigint | null {
  const m = PLAIN_DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  if (frac.length > DECIMAL_SCALE) return null;
  const units = BigInt(whole) * ONE + BigInt(frac.padEnd(DECIMAL_SCALE, '0') || '0');
  return sign === '-' ? -units : units;
}

/** Number of digits after the point in a plain decimal string (0 for "12"). */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Converts a float from the quote feed using its shortest round-trip form ("187.23", not
 * 187.229999...), rounded to `maxDecimals` places; null when not finite.
 */
export function decimalFromNumber(value: number, maxDecimals = 10): bigint | null {
  if (!Number.isFinite(value)) return null;
  const units = parseDecimal(expandExponent(String(value)));
  if (units === null) return null;
  const step = 10n ** BigInt(DECIMAL_SCALE - maxDecimals);
  return roundDiv(units, step) * step;
}

/** "1.5e-7" -> "0.00000015", "1e+21" -> "1000000000000000000000" */
function expandExponent(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, whole = '', frac = '', expText = '0'] = m;
  const exp = Number(expText);
  const digits = whole + frac;
  const point = whole.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** n / d rounded half away from zero (the usual rule for money). */
export function roundDiv(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an + ad / 2n) / ad;
  return negative ? -q : q;
}

export function mulDecimal(a: bigint, b: bigint): bigint {
  return roundDiv(a * b, ONE);
}

export function divDecimal(a: bigint, b: bigint): bigint {
  return roundDiv(a * ONE, b);
}

export function sumDecimal(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Rounds to `places` decimals (half away from zero) and prints them all: "1502.50". */
export function formatDecimal(units: bigint, places: number): string {
  const step = 10n ** BigInt(DECIMAL_SCALE - places);
  const rounded = roundDiv(units, step);
  const negative = rounded < 0n;
  const digits = (negative ? -rounded : rounded).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const body = places > 0 ? `${whole}.${digits.slice(digits.length - places)}` : whole;
  return negative ? `-${body}` : body;
}

/** The shortest exact form: "10.5", "3", "0.00000015" (no trailing zeros, no exponent). */
export function canonicalDecimal(units: bigint): string {
  const full = formatDecimal(units, DECIMAL_SCALE);
  return full.includes('.') ? full.replace(/0+$/, '').replace(/\.$/, '') : full;
}

/** Percentage a / b * 100 to `places` decimals; null when b is zero. */
export function percentOf(a: bigint, b: bigint, places = 2): string | null {
  if (b === 0n) return null;
  // one rounding straight to `places`, so no double-rounding at the 18th digit
  const scaled = roundDiv(a * 100n * 10n ** BigInt(places), b);
  return formatDecimal(scaled * 10n ** BigInt(DECIMAL_SCALE - places), places);
}

/** For display and charts only: never feed the result back into money arithmetic. */
export function decimalToNumber(units: bigint): number {
  return Number(canonicalDecimal(units));
}
