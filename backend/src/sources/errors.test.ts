import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { SourceError, classifyFetchError, toSourceError } from './errors.ts';

const sysError = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('source error classification', () => {
  it('is an AppError with a code and the cause kept', () => {
    const cause = new Error('boom');
    const err = new SourceError('UPSTREAM_ERROR', 'Yahoo HTTP 502', { cause, status: 502 });
    expect(err).toBeInstanceOf(AppError);
    expect([err.code, err.status, err.cause, err.name]).toEqual(['UPSTREAM_ERROR', 502, cause, 'SourceError']);
  });

  it.each([
    ['ENOTFOUND', 'NETWORK'],
    ['EAI_AGAIN', 'NETWORK'],
    ['ECONNREFUSED', 'NETWORK'],
    ['ECONNRESET', 'NETWORK'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
  ])('maps undici fetch failures with cause %s to %s', (code, expected) => {
    expect(classifyFetchError(sysError(code), 'https://query2.finance.yahoo.com/v7/finance/quote').code).toBe(expected);
  });

  it('maps AbortSignal reasons: TimeoutError to TIMEOUT, AbortError to ABORTED', () => {
    expect(classifyFetchError(new DOMException('t', 'TimeoutError'), 'https://x').code).toBe('TIMEOUT');
    expect(classifyFetchError(new DOMException('a', 'AbortError'), 'https://x').code).toBe('ABORTED');
  });

  it("maps yahoo-finance2's handshake errors to AUTH and anything else to BAD_RESPONSE", () => {
    expect(toSourceError(new Error("No set-cookie header present in Yahoo's response.")).code).toBe('AUTH');
    expect(toSourceError(new Error('Could not find crumb.')).code).toBe('AUTH');
    expect(toSourceError(new Error('Unexpected result: {}')).code).toBe('BAD_RESPONSE');
  });
});
