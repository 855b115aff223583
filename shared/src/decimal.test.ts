import { describe, expect, it } from 'vitest';
import {
  canonicalDecimal,
  decimalFromNumber,
  formatDecimal,
  mulDecimal,
  parseDecimal,
  percentOf,
  sumDecimal,
} from './decimal.ts';

const d = (s: string) => {
  const v = parseDecimal(s);
  if (v === null) throw new Error(`bad test decimal ${s}`);
  return v;
};

describe('decimal', () => {
  it('parses plain decimals and refuses anything else', () => {
    expect(canonicalDecimal(d('150.250'))).toBe('150.25');
    expect(canonicalDecimal(d('-0.5'))).toBe('-0.5');
    expect(canonicalDecimal(d('007'))).toBe('7');
    for (const bad of ['', '1e5', '1.', '.5', '+1', ' 1', '1,5', 'NaN', 'Infinity', '0x10']) {
      expect(parseDecimal(bad), bad).toBeNull();
    }
  });

  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(canonicalDecimal(sumDecimal([d('0.1'), d('0.2')]))).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('multiplies 3 by 33.33 to exactly 99.99', () => {
    expect(formatDecimal(mulDecimal(d('3'), d('33.33')), 2)).toBe('99.99');
  });

  it('rounds half away from zero once, where floats round 1.005 down', () => {
    expect(formatDecimal(d('1.005'), 2)).toBe('1.01');
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(formatDecimal(d('-1.005'), 2)).toBe('-1.01');
    expect(formatDecimal(d('0.004'), 2)).toBe('0.00');
    expect(formatDecimal(d('12'), 0)).toBe('12');
  });

  it('reads quote floats by their shortest form, exponents included', () => {
    expect(canonicalDecimal(decimalFromNumber(187.23) ?? 0n)).toBe('187.23');
    expect(canonicalDecimal(decimalFromNumber(1.5e-7) ?? 0n)).toBe('0.00000015');
    expect(canonicalDecimal(decimalFromNumber(1e21) ?? 0n)).toBe('1000000000000000000000');
    expect(canonicalDecimal(decimalFromNumber(0.1 + 0.2) ?? 0n)).toBe('0.3');
    expect(decimalFromNumber(Number.NaN)).toBeNull();
    expect(decimalFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('computes percentages with one rounding and none of a zero base', () => {
    expect(percentOf(d('1'), d('3'))).toBe('33.33');
    expect(percentOf(d('2'), d('3'))).toBe('66.67');
    expect(percentOf(d('-1'), d('8'))).toBe('-12.50');
    expect(percentOf(d('1'), 0n)).toBeNull();
  });
});
