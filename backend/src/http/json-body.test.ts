import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.ts';
import { toErrorResponse } from './error-response.ts';
import { bodyError } from './json-body.ts';

/** What body-parser raises (an http-errors error), built the same way. */
const bodyParserError = (status: number, message: string, type?: string) =>
  Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, ...(type ? { type } : {}) });

describe('body-parser errors', () => {
  it.each([
    [bodyParserError(415, 'unsupported charset "LATIN1"', 'charset.unsupported'), 415, 'UNSUPPORTED_CHARSET'],
    [bodyParserError(415, 'unsupported content encoding "xyz"', 'encoding.unsupported'), 415, 'UNSUPPORTED_ENCODING'],
    [bodyParserError(400, 'incorrect header check'), 400, 'BAD_BODY'],
    [bodyParserError(400, 'Unexpected token m in "my private note"', 'entity.parse.failed'), 400, 'BAD_JSON'],
    [bodyParserError(413, 'request entity too large', 'entity.too.large'), 413, 'BODY_TOO_LARGE'],
    [bodyParserError(400, 'request aborted', 'request.aborted'), 400, 'BAD_BODY'],
  ])('keep their status with a stable code and our own message: %s', (err, status, code) => {
    const converted = bodyError(err);
    expect(converted).toBeInstanceOf(HttpError);
    expect((converted as HttpError).cause).toBe(err);
    const res = toErrorResponse(converted);
    expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(res.body.error.message).not.toContain('private');
    expect(res.log).toBeUndefined();
  });

  it('leaves a server-side fault (5xx) to be answered and logged as one', () => {
    const err = bodyParserError(500, 'stream is not readable', 'stream.not.readable');
    expect(bodyError(err)).toBe(err);
    expect(toErrorResponse(bodyError(err)).status).toBe(500);
  });
});
