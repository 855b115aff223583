// Portfolio wire contract: what /api/portfolio accepts and returns. Quantities and money are
// decimal strings on the wire (never floats) so nothing is lost between the store and the page.
import * as z from 'zod/mini';
import { canonicalDecimal, decimalPlaces, parseDecimal } from './decimal.ts';
import { symbolSchema, type SourceStatus, type Tick } from './market.ts';

export const HOLDING_LIMITS = {
  /** digits after the point accepted for quantity and cost per share */
  maxDecimals: 8,
  /** digits before the point */
  maxIntegerDigits: 12,
  maxNoteLength: 500,
  /** characters of a quantity or cost as sent: 12 + 1 + 8 digits, with room for leading zeros */
  maxDecimalText: 40,
  /** acquisition dates PostgreSQL stores and a person can have bought on */
  earliestDate: '1900-01-01',
  latestDate: '2099-12-31',
} as const;

/**
 * Input patterns, each unambiguous (a string can match it one way only), so a regex engine needs
 * linear time even on long input; shared/src/portfolio.test.ts checks that with redos-detector.
 */
export const DECIMAL_INPUT_PATTERNS = {
  exponent: /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d+$/i,
  plain: /^\d+(?:\.\d+)?$/,
  leadingZeros: /^0+(?=\d)/,
} as const;

export const BASE_CURRENCY = 'USD';

/**
 * Checks a quantity or cost as sent by a client (JSON number or decimal string) and returns its
 * canonical decimal string, or the reason it is refused.
 */
export function checkPositiveDecimal(raw: unknown): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof raw !== 'number' && typeof raw !== 'string') return { ok: false, message: 'must be a number or a decimal string' };
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { ok: false, message: 'must be a finite number' };
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (text.length > HOLDING_LIMITS.maxDecimalText) return { ok: false, message: `must be at most ${HOLDING_LIMITS.maxDecimalText} characters long` };
  if (DECIMAL_INPUT_PATTERNS.exponent.test(text)) return { ok: false, message: 'must be written without an exponent, like 150.25' };
  if (text.startsWith('-')) return { ok: false, message: 'must be greater than zero' };
  if (!DECIMAL_INPUT_PATTERNS.plain.test(text)) return { ok: false, message: 'must be a plain decimal number, like 10 or 150.25' };
  if (decimalPlaces(text) > HOLDING_LIMITS.maxDecimals) {
    return { ok: false, message: `must have at most ${HOLDING_LIMITS.maxDecimals} decimal places` };
  }
  const whole = text.split('.')[0]?.replace(DECIMAL_INPUT_PATTERNS.leadingZeros, '') ?? '';
  if (whole.length > HOLDING_LIMITS.maxIntegerDigits) {
    return { ok: false, message: `must be less than 1${'0'.repeat(HOLDING_LIMITS.maxIntegerDigits)}` };
  }
  const units = parseDecimal(text);
  if (units === null || units <= 0n) return { ok: false, message: 'must be greater than zero' };
  return { ok: true, value: canonicalDecimal(units) };
}

const positiveDecimal = z.pipe(z.unknown(), z.transform((raw, ctx) => {
  const checked = checkPositiveDecimal(raw);
  if (checked.ok) return checked.value;
  ctx.issues.push({ code: 'custom', message: checked.message, input: raw });
  return z.NEVER;
})).check(z.describe(`greater than zero, as a JSON number or a decimal string (at most ${HOLDING_LIMITS.maxIntegerDigits} digits before the point and ${HOLDING_LIMITS.maxDecimals} after it); stored exactly`));

/**
 * A field that must be given: absent, null or blank text (an empty form field) is "is required",
 * not the message for a wrong value. Keeps the schema's description for the API reference (the
 * outer unknown would hide it).
 */
export const required = <T extends z.ZodMiniType>(schema: T) =>
  z
    .pipe(
      z.unknown().check((ctx) => {
        const missing = ctx.value === undefined || ctx.value === null || (typeof ctx.value === 'string' && ctx.value.trim() === '');
        if (missing) ctx.issues.push({ code: 'custom', message: 'is required', input: ctx.value });
      }),
      schema,
    )
    .check(z.describe(z.globalRegistry.get(schema)?.description ?? ''));

/** C0 controls other than tab, line feed and carriage return, and DEL: PostgreSQL text refuses NUL. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** A free-text note (holdings, alerts): trimmed, empty means none. */
export const noteSchema = z.nullable(
  z.pipe(
    z.string('must be text').check(
      z.maxLength(HOLDING_LIMITS.maxNoteLength, `must be at most ${HOLDING_LIMITS.maxNoteLength} characters`),
      z.refine((s) => !hasControlCharacter(s), 'must not contain control characters such as \\u0000'),
      // A lone surrogate half would be stored as U+FFFD, silently changing the note.
      z.refine((s) => s.isWellFormed(), 'must be valid Unicode text'),
    ),
    z.transform((s: string) => (s.trim() === '' ? null : s.trim())),
  ),
);

const { earliestDate, latestDate } = HOLDING_LIMITS;
const acquiredOn = z.nullable(
  z.iso.date('must be a date like 2024-03-15').check(z.refine((d) => d >= earliestDate && d <= latestDate, `must be a date between ${earliestDate} and ${latestDate}`)),
);

export const holdingInputSchema = z.object({
  symbol: required(symbolSchema),
  quantity: required(positiveDecimal),
  costPerShare: required(positiveDecimal),
  note: z.optional(noteSchema),
  acquiredOn: z.optional(acquiredOn),
});
export type HoldingInput = z.infer<typeof holdingInputSchema>;

/** PUT accepts any subset of the fields (at least one); omitted fields keep their value, a blank one is refused. */
export const holdingPatchSchema = z
  .object({
    symbol: z.optional(required(symbolSchema)),
    quantity: z.optional(required(positiveDecimal)),
    costPerShare: z.optional(required(positiveDecimal)),
    note: z.optional(noteSchema),
    acquiredOn: z.optional(acquiredOn),
  })
  .check(
    z.refine((p) => Object.values(p).some((v) => v !== undefined), {
      message: 'give at least one of symbol, quantity, costPerShare, note, acquiredOn',
    }),
  );
export type HoldingPatch = z.infer<typeof holdingPatchSchema>;

/**
 * A holding: the one shape, as the store keeps it and the API returns it (GET /holdings, POST, PUT).
 * Valuation reads a subset of it (HoldingRecord in valuation.ts).
 */
export interface Holding {
  id: number;
  symbol: string;
  /** decimal string, never a float (the API sends its shortest exact form) */
  quantity: string;
  /** decimal string, never a float (the API sends its shortest exact form) */
  costPerShare: string;
  note: string | null;
  /** YYYY-MM-DD */
  acquiredOn: string | null;
  /** unix seconds, like every instant on the wire */
  createdAt: number;
  updatedAt: number;
}

/** Money values are strings with 2 decimals, percentages strings with 2 decimals (1.25 = 1.25 %). */
export interface ValuedHolding {
  id: number;
  symbol: string;
  quantity: string;
  costPerShare: string;
  /** latest price, exact as quoted; null when no quote has been seen */
  price: string | null;
  marketValue: string | null;
  costBasis: string;
  dayChange: string | null;
  dayChangePercent: string | null;
  unrealizedPnl: string | null;
  unrealizedPnlPercent: string | null;
  /** share of its currency group's market value, in percent */
  weight: string | null;
  /** the quote's currency; null until a quote arrives */
  currency: string | null;
  /** true when the price is missing or may be out of date */
  stale: boolean;
  note: string | null;
  acquiredOn: string | null;
}

export type ExclusionReason = 'NO_QUOTE' | 'OTHER_CURRENCY' | 'UNKNOWN_CURRENCY';

export interface ExcludedHolding {
  id: number;
  symbol: string;
  currency: string | null;
  reason: ExclusionReason;
}

export interface PortfolioTotals {
  currency: string;
  marketValue: string;
  costBasis: string;
  dayChange: string;
  dayChangePercent: string | null;
  unrealizedPnl: string;
  unrealizedPnlPercent: string | null;
  /** holdings summed into these totals */
  count: number;
  /** true when any summed holding's price is stale */
  stale: boolean;
  /** holdings left out of these totals, with why (only on the base-currency totals) */
  excluded?: ExcludedHolding[];
}

export interface PortfolioResponse {
  holdings: ValuedHolding[];
  /** base-currency (USD) totals */
  totals: PortfolioTotals;
  /** one entry per other currency held, never converted or mixed into `totals` */
  otherCurrencies: PortfolioTotals[];
  /** the latest tick per held symbol that the valuation used, so a client can re-value on live ticks */
  ticks: Tick[];
  /** the source status the stale flags were judged with */
  status: SourceStatus | null;
  /** server time (unix seconds) the valuation was made */
  asOf: number;
  /** a REGULAR-session quote older than this is flagged stale */
  staleAfterSeconds: number;
}
