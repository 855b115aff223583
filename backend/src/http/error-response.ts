// The one place an error becomes an HTTP answer: dispatch on the error's class, never on its code
// text. Client mistakes are answered with their 4xx and logged without a stack (or not at all);
// only what the server did not expect is a 500 logged as an error.
import { STATUS_CODES } from 'node:http';
import type { ApiErrorBody, ApiErrorCode } from '@tickstream/shared';
import { HttpError } from '../errors.ts';
import { StoreDataError, StoreError } from '../store/errors.ts';

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
  /** what to log, if anything; never the request body or a failed query's parameters */
  log?: { level: 'error' | 'warn' | 'info'; fields: Record<string, unknown>; msg: string };
}

/**
 * An error that carries its own 4xx `status`, the convention of express and its parts (http-errors,
 * the router's URIError for a bad %-escape), read the way express's finalhandler reads it.
 */
interface ClientFault extends Error {
  status: number;
  expose?: boolean;
}

function isClientFault(err: unknown): err is ClientFault {
  const status = (err as { status?: unknown } | null)?.status;
  return err instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

/** Status-only codes for library errors raised outside our parsers (e.g. the router's bad %-escapes). */
function byStatus(status: number): ApiErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return 'BAD_REQUEST';
}

function answer(status: number, code: ApiErrorCode, message: string, fields?: Record<string, string>): ErrorResponse {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}

export function toErrorResponse(err: unknown): ErrorResponse {
  // Our own answers, body-parser's included (http/json-body.ts): expected, so not logged.
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
  if (isClientFault(err)) {
    const code = byStatus(err.status);
    const res = answer(err.status, code, err.expose === false ? (STATUS_CODES[err.status] ?? 'Bad request') : err.message);
    return { ...res, log: { level: 'info', fields: { code, status: err.status }, msg: 'request refused' } };
  }
  return { ...answer(500, 'INTERNAL', 'Internal server error'), log: { level: 'error', fields: { err }, msg: 'unhandled request error' } };
}
