import { isSafe } from 'redos-detector';
import { describe, expect, it } from 'vitest';
import { checkPositiveDecimal, DECIMAL_INPUT_PATTERNS, holdingInputSchema, holdingPatchSchema } from './portfolio.ts';

function messageOf(value: unknown): string | null {
  const checked = checkPositiveDecimal(value);
  return checked.ok ? null : checked.message;
}

describe('holding input', () => {
  it('accepts JSON numbers and decimal strings as canonical decimal strings', () => {
    const parsed = holdingInputSchema.parse({ symbol: ' aapl ', quantity: 10, costPerShare: '150.250' });
    expect(parsed).toEqual({ symbol: 'AAPL', quantity: '10', costPerShare: '150.25' });
    expect(checkPositiveDecimal(0.5)).toEqual({ ok: true, value: '0.5' });
    expect(checkPositiveDecimal('0.00000001')).toEqual({ ok: true, value: '0.00000001' });
  });

  it('rejects zero, negatives, NaN, Infinity, exponents and too many decimals', () => {
    expect(messageOf(0)).toBe('must be greater than zero');
    expect(messageOf('0.000')).toBe('must be greater than zero');
    expect(messageOf(-1)).toBe('must be greater than zero');
    expect(messageOf('-1')).toBe('must be greater than zero');
    expect(messageOf(Number.NaN)).toBe('must be a finite number');
    expect(messageOf(Number.POSITIVE_INFINITY)).toBe('must be a finite number');
    expect(messageOf('1e3')).toMatch(/exponent/);
    expect(messageOf(1e21)).toMatch(/exponent/);
    expect(messageOf(1e-7)).toMatch(/exponent/);
    expect(messageOf('0.123456789')).toBe('must have at most 8 decimal places');
    expect(messageOf(0.1 + 0.2)).toBe('must have at most 8 decimal places');
    expect(messageOf('1000000000000')).toMatch(/less than/);
    expect(messageOf('1,5')).toMatch(/plain decimal/);
    expect(messageOf(' 1')).toMatch(/plain decimal/);
    expect(messageOf(true)).toBe('must be a number or a decimal string');
  });

  it('names every missing or bad field', () => {
    const r = holdingInputSchema.safeParse({ symbol: 'not a symbol!', costPerShare: 0 });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(paths).toEqual(['symbol: is not a ticker symbol', 'quantity: is required', 'costPerShare: must be greater than zero']);
  });

  it('calls a blank field (an empty form input) missing, not malformed', () => {
    const r = holdingInputSchema.safeParse({ symbol: '', quantity: '  ', costPerShare: '1' });
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['symbol: is required', 'quantity: is required']);
  });

  it('turns a blank note into null and checks dates', () => {
    expect(holdingInputSchema.parse({ symbol: 'MSFT', quantity: 1, costPerShare: 1, note: '  ', acquiredOn: '2024-02-29' }))
      .toMatchObject({ note: null, acquiredOn: '2024-02-29' });
    expect(holdingInputSchema.safeParse({ symbol: 'MSFT', quantity: 1, costPerShare: 1, acquiredOn: '2023-02-30' }).success).toBe(false);
  });

  it('lets an update change any subset but not nothing', () => {
    expect(holdingPatchSchema.parse({ quantity: '2.5' })).toEqual({ quantity: '2.5' });
    expect(holdingPatchSchema.safeParse({ quantity: '' }).error?.issues.map((i) => i.message)).toEqual(['is required']);
    expect(holdingPatchSchema.safeParse({}).success).toBe(false);
    expect(holdingPatchSchema.safeParse({ quantity: 0 }).success).toBe(false);
  });
});

describe('holding input that PostgreSQL cannot store or that is absurd', () => {
  const base = { symbol: 'AAPL', quantity: 1, costPerShare: 1 };
  const issues = (input: object) => {
    const r = holdingInputSchema.safeParse({ ...base, ...input });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses a note holding NUL or another control character, and keeps tabs and line breaks', () => {
    expect(issues({ note: 'bought\u0000cheap' })).toEqual(['note: must not contain control characters such as \\u0000']);
    expect(issues({ note: 'bell\u0007' })).toHaveLength(1);
    expect(issues({ note: 'line one\nline\ttwo\r\n' })).toEqual([]);
  });

  it('refuses a note with a lone surrogate half, which would be stored changed', () => {
    expect(issues({ note: 'half \ud83d pair' })).toEqual(['note: must be valid Unicode text']);
    expect(issues({ note: 'whole 📈 pair' })).toEqual([]);
  });

  it('refuses year 0 and dates outside 1900-01-01..2099-12-31, in an update too', () => {
    for (const acquiredOn of ['0000-01-01', '1899-12-31', '2100-01-01', '9999-12-31']) {
      expect(issues({ acquiredOn })).toEqual(['acquiredOn: must be a date between 1900-01-01 and 2099-12-31']);
      expect(holdingPatchSchema.safeParse({ acquiredOn }).success).toBe(false);
    }
    expect(issues({ acquiredOn: '1900-01-01' })).toEqual([]);
    expect(issues({ acquiredOn: '2099-12-31' })).toEqual([]);
  });
});

describe('decimal input parsing stays linear', () => {
  it('refuses a 100,000-digit quantity by its length, with or without an exponent', () => {
    expect(messageOf('1'.repeat(100_000))).toBe('must be at most 40 characters long');
    expect(messageOf(`${'1'.repeat(100_000)}x`)).toBe('must be at most 40 characters long');
    expect(messageOf(`1${'0'.repeat(99_998)}e1`)).toBe('must be at most 40 characters long');
    expect(messageOf(`${'0'.repeat(30)}1.5`)).toBeNull();
  });

  it('uses only patterns that match any string one way (no overlapping quantifiers)', () => {
    for (const pattern of Object.values(DECIMAL_INPUT_PATTERNS)) {
      const result = isSafe(pattern);
      expect({ pattern: pattern.source, safe: result.safe, score: result.score }).toEqual({
        pattern: pattern.source,
        safe: true,
        score: { infinite: false, value: 1 },
      });
    }
  });

  it('still spots the exponent forms it names', () => {
    for (const text of ['1e3', '1.e3', '.5e-2', '+2.50E+10']) expect(messageOf(text)).toMatch(/exponent/);
  });
});
