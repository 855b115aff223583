// The one place an error becomes an HTTP answer: dispatch on the error's class, never on its code
// text. Client mistakes are answered with their 4xx and logged without a stack (or not at all);
// only what the server did not expect is a 500 logged as an error.
import type { ApiErrorBody, ApiErrorCode } from '@tickstream/shared';
import { HttpError } from '../errors.ts';
import { StoreDataError, StoreError } from '../store/errors.ts';

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
  /** what to log, if anything; never the request body or a failed query's parameters */
  log?: { level: 'error' | 'warn' | 'info'; fields: Record<string, unknown>; msg: string };
}

/** An http-errors error, as body-parser and express raise them (http-errors' own isHttpError test). */
interface LibraryHttpError extends Error {
  status: number;
  expose: boolean;
  type?: unknown;
}

function isLibraryHttpError(err: unknown): err is LibraryHttpError {
  const e = err as Partial<LibraryHttpError> | null;
  return err instanceof Error && typeof e?.status === 'number' && typeof e.expose === 'boolean';
}

/** body-parser's error types (https://github.com/expressjs/body-parser#errors) with our code and message. */
const BODY_ERRORS: Record<string, [ApiErrorCode, string]> = {
  'entity.parse.failed': ['BAD_JSON', 'Request body is not valid JSON'],
  'entity.too.large': ['BODY_TOO_LARGE', 'Request body is too large'],
  'parameters.too.many': ['BODY_TOO_LARGE', 'Request body has too many parameters'],
  'charset.unsupported': ['UNSUPPORTED_CHARSET', 'Request body must be UTF-8 (charset=utf-8)'],
  'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'Content-Encoding must be identity, gzip, deflate or br'],
  'request.aborted': ['BAD_BODY', 'The request body was not received completely'],
  'request.size.invalid': ['BAD_BODY', 'The request body does not match its Content-Length'],
};

function byStatus(status: number): [ApiErrorCode, string] {
  if (status === 404) return ['NOT_FOUND', 'Not found'];
  if (status === 413) return ['BODY_TOO_LARGE', 'Request body is too large'];
  if (status === 415) return ['UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body'];
  // e.g. a gzip or br body that does not decompress: body-parser gives it 400 and no type
  return ['BAD_BODY', 'The request body could not be read'];
}

function answer(status: number, code: ApiErrorCode, message: string, fields?: Record<string, string>): ErrorResponse {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}

export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) return answer(err.status, err.code, err.message, err.fields);
  if (err instanceof StoreDataError) {
    const res = err.conflict
      ? answer(409, 'CONFLICT', 'This change clashes with data already stored')
      : answer(400, 'INVALID_VALUE', 'The database refused a value in this request');
    // err.message names the operation, SQLSTATE and constraint only; the cause holds the query's parameters.
    return { ...res, log: { level: 'warn', fields: { code: err.code, sqlState: err.sqlState, detail: err.message }, msg: 'store refused a value' } };
  }
  if (err instanceof StoreError) {
    const res = answer(503, 'STORE_UNAVAILABLE', 'The database is unavailable; try again shortly');
    return { ...res, log: { level: 'warn', fields: { code: err.code, detail: err.message }, msg: 'store unavailable' } };
  }
  if (isLibraryHttpError(err) && err.status >= 400 && err.status < 500) {
    const type = typeof err.type === 'string' ? err.type : undefined;
    const [code, message] = (type !== undefined ? BODY_ERRORS[type] : undefined) ?? byStatus(err.status);
    const res = answer(err.status, code, message);
    // Not err.message: a JSON parse error quotes the body.
    return { ...res, log: { level: 'info', fields: { code, status: err.status, type }, msg: 'request body refused' } };
  }
  return { ...answer(500, 'INTERNAL', 'Internal server error'), log: { level: 'error', fields: { err }, msg: 'unhandled request error' } };
}
