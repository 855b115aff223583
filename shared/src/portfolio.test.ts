import { describe, expect, it } from 'vitest';
import { checkPositiveDecimal, holdingInputSchema, holdingPatchSchema } from './portfolio.ts';

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

  it('turns a blank note into null and checks dates', () => {
    expect(holdingInputSchema.parse({ symbol: 'MSFT', quantity: 1, costPerShare: 1, note: '  ', acquiredOn: '2024-02-29' }))
      .toMatchObject({ note: null, acquiredOn: '2024-02-29' });
    expect(holdingInputSchema.safeParse({ symbol: 'MSFT', quantity: 1, costPerShare: 1, acquiredOn: '2023-02-30' }).success).toBe(false);
  });

  it('lets an update change any subset but not nothing', () => {
    expect(holdingPatchSchema.parse({ quantity: '2.5' })).toEqual({ quantity: '2.5' });
    expect(holdingPatchSchema.safeParse({}).success).toBe(false);
    expect(holdingPatchSchema.safeParse({ quantity: 0 }).success).toBe(false);
  });
});
