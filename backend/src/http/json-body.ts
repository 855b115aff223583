// JSON body parsing (express.json, i.e. body-parser) whose every failure leaves as an HttpError
// with body-parser's own status and a stable code: an error here is always about the body, so a
// 400 without a type (a gzip/br body that does not decompress) is BAD_BODY, not a generic 400.
import express, { type RequestHandler } from 'express';
import type { ApiErrorCode } from '@tickstream/shared';
import { HttpError } from '../errors.ts';

/** body-parser's error types (see its README, "Errors") with our code and message. */
const BODY_ERRORS: Record<string, [ApiErrorCode, string]> = {
  'entity.parse.failed': ['BAD_JSON', 'Request body is not valid JSON'],
  'entity.too.large': ['BODY_TOO_LARGE', 'Request body is too large'],
  'charset.unsupported': ['UNSUPPORTED_CHARSET', 'Request body must be UTF-8 (charset=utf-8)'],
  'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'Content-Encoding must be identity, gzip, deflate or br'],
  'request.aborted': ['BAD_BODY', 'The request body was not received completely'],
  'request.size.invalid': ['BAD_BODY', 'The request body does not match its Content-Length'],
};

interface BodyParserError {
  status?: unknown;
  type?: unknown;
}

/** Converts what body-parser passed to next(); messages are ours (a JSON parse error quotes the body). */
export function bodyError(err: unknown): HttpError | unknown {
  const { status, type } = (err ?? {}) as BodyParserError;
  if (typeof status !== 'number' || status < 400 || status >= 500) return err; // a server fault stays a 500
  const [code, message] = (typeof type === 'string' ? BODY_ERRORS[type] : undefined) ?? ['BAD_BODY', 'The request body could not be read'];
  return new HttpError(status, code, message, { cause: err });
}

/** express.json with our error contract. */
export function jsonBody(options: Parameters<typeof express.json>[0]): RequestHandler {
  const parse = express.json(options);
  return (req, res, next) => parse(req, res, (err?: unknown) => (err === undefined ? next() : next(bodyError(err))));
}
