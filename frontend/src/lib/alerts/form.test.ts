import { describe, expect, it } from 'vitest';
import { emptyForm, fieldErrors, formFrom, requestBody } from './form.ts';
import { makeAlert } from './fakes.ts';

describe('alert form', () => {
  it('starts the level at the current price, rounded like a quote', () => {
    expect(emptyForm(201.4567).value).toBe('201.46');
    expect(emptyForm(0.123456).value).toBe('0.1235');
    expect(emptyForm(null).value).toBe('');
  });

  it('sends numbers as JSON numbers, minutes of cooldown as seconds, and an empty webhook as the default', () => {
    const body = requestBody({ ...emptyForm(), value: ' 201.5 ', repeat: 'every', cooldownMinutes: '2.5', note: '  buy  ' }, 'AAPL');
    expect(body).toEqual({
      symbol: 'AAPL',
      condition: { type: 'price_above', value: 201.5 },
      repeat: 'every',
      cooldownSeconds: 150,
      note: 'buy',
      webhookUrl: null,
      webhookFormat: 'generic',
    });
  });

  it('sends only the fields of the chosen condition', () => {
    const move = requestBody({ ...emptyForm(), type: 'move_percent', value: '3', windowMinutes: '10', direction: 'up' });
    expect(move.condition).toEqual({ type: 'move_percent', value: 3, windowMinutes: 10, direction: 'up' });
    const sma = requestBody({ ...emptyForm(), type: 'sma_cross_below', period: '20', interval: '1h', marketHours: 'any' });
    expect(sma.condition).toEqual({ type: 'sma_cross_below', period: 20, interval: '1h' });
    expect(sma.marketHours).toBe('any');
    expect('symbol' in sma).toBe(false);
  });

  it('sends what is not a number as typed, so the server names the field', () => {
    expect(requestBody({ ...emptyForm(), value: 'abc' }).condition).toEqual({ type: 'price_above', value: 'abc' });
  });

  it("puts the API's field errors next to their inputs, nested condition fields included", () => {
    expect(fieldErrors({ 'condition.value': 'must be greater than zero', webhookUrl: 'must be an http or https URL', cooldownSeconds: 'too long' }, 'x')).toEqual({
      value: 'must be greater than zero',
      webhookUrl: 'must be an http or https URL',
      cooldownMinutes: 'too long',
    });
    expect(fieldErrors({ symbol: 'unknown' }, 'x')).toEqual({ form: 'symbol: unknown' });
    expect(fieldErrors({}, 'Too many alerts')).toEqual({ form: 'Too many alerts' });
  });

  it('fills the edit form from an alert', () => {
    const values = formFrom(
      makeAlert({
        condition: { type: 'move_percent', value: 2, windowMinutes: 30, direction: 'down' },
        repeat: 'every',
        cooldownSeconds: 600,
        marketHours: 'extended',
        webhookUrl: 'http://127.0.0.1:9000/hook',
        webhookFormat: 'ntfy',
      }),
    );
    expect(values).toMatchObject({ type: 'move_percent', value: '2', windowMinutes: '30', direction: 'down', cooldownMinutes: '10', note: '', webhookFormat: 'ntfy', marketHours: 'extended' });
  });
});
