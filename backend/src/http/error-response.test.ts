import { describe, expect, it } from 'vitest';
import { HttpError, BadRequestError } from '../errors.ts';
import { StoreDataError, StoreError, toStoreError } from '../store/errors.ts';
import { toErrorResponse } from './error-response.ts';

/** What express and body-parser raise (an http-errors error), built the same way. */
const bodyParserError = (status: number, message: string, type?: string) =>
  Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, ...(type ? { type } : {}) });

describe('one error contract', () => {
  it('renders an HttpError with its own status, code, message and fields, unlogged', () => {
    const res = toErrorResponse(new HttpError(404, 'HOLDING_NOT_FOUND', 'No holding with id 3'));
    expect(res).toEqual({ status: 404, body: { error: { code: 'HOLDING_NOT_FOUND', message: 'No holding with id 3' } } });
    const bad = toErrorResponse(new BadRequestError('INVALID_HOLDING', 'note bad', { fields: { note: 'bad' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ note: 'bad' });
  });

  it('answers data and constraint errors from the store as the client’s (400, 409 for a clash), logged at warn', () => {
    const query = Object.assign(new Error('Failed query: insert ... params: my private note'), {
      cause: Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }),
    });
    const invalid = toErrorResponse(toStoreError(query, 'create holding'));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INVALID_VALUE');
    expect(invalid.log?.level).toBe('warn');
    expect(JSON.stringify(invalid)).not.toContain('private note');

    const clash = toErrorResponse(toStoreError(Object.assign(new Error('duplicate key'), { code: '23505' }), 'x'));
    expect([clash.status, clash.body.error.code]).toEqual([409, 'CONFLICT']);
    const check = toErrorResponse(new StoreDataError('STORE_CONSTRAINT', '23514', 'x'));
    expect([check.status, check.body.error.code]).toEqual([400, 'INVALID_VALUE']);
  });

  it('answers any other store error as unavailable (503), whatever its code says', () => {
    for (const err of [new StoreError('STORE_UNAVAILABLE', 'down'), new StoreError('STORE_QUERY', 'relation missing')]) {
      const res = toErrorResponse(err);
      expect([res.status, res.body.error.code, res.log?.level]).toEqual([503, 'STORE_UNAVAILABLE', 'warn']);
    }
  });

  it('keeps the status of an express (http-errors) error raised outside our parsers, logged at info without a stack', () => {
    const res = toErrorResponse(bodyParserError(400, "Failed to decode param '%E0'"));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: "Failed to decode param '%E0'" } } });
    expect(res.log?.level).toBe('info');
    expect(JSON.stringify(res.log)).not.toContain('stack');
    // the router's own: a URIError with status 400 and no `expose`
    const uri = Object.assign(new URIError("Failed to decode param '%E0'"), { status: 400, statusCode: 400 });
    expect([toErrorResponse(uri).status, toErrorResponse(uri).body.error.code]).toEqual([400, 'BAD_REQUEST']);
  });

  it('answers anything unexpected with 500 INTERNAL, logged as an error with the cause', () => {
    const err = new TypeError('x is undefined');
    const res = toErrorResponse(err);
    expect([res.status, res.body.error.code, res.log?.level]).toEqual([500, 'INTERNAL', 'error']);
    expect(res.log?.fields.err).toBe(err);
    expect(toErrorResponse(bodyParserError(500, 'stream not readable', 'stream.not.readable')).status).toBe(500);
  });
});
