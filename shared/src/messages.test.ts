import { describe, expect, it } from 'vitest';
import { ERROR_CODES, controlMessageSchema } from './messages.ts';

describe('WebSocket error messages', () => {
  it('carry one of the listed error codes', () => {
    for (const code of ERROR_CODES) {
      expect(controlMessageSchema.safeParse({ type: 'error', code, message: 'm' }).success).toBe(true);
    }
  });

  it('are refused with a code outside the list', () => {
    expect(controlMessageSchema.safeParse({ type: 'error', code: 'SOMETHING_ELSE', message: 'm' }).success).toBe(false);
  });
});
