import type { ApiErrorCode } from '@tickstream/shared';

/** Base for every error the app raises on purpose: a machine-readable code, the original cause kept. */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export interface HttpErrorOptions {
  /** per-field messages of a validation error, keyed by field name */
  fields?: Record<string, string>;
  cause?: unknown;
}

/**
 * An answer the server gives on purpose: rendered by the error middleware as `status` with
 * `{ error: { code, message, fields? } }`. The code must be listed in shared/src/api-errors.ts.
 */
export class HttpError extends AppError {
  declare readonly code: ApiErrorCode;
  readonly status: number;
  readonly fields: Record<string, string> | undefined;
  constructor(status: number, code: ApiErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.fields = options.fields;
  }
}

/** A request the client got wrong: always HTTP 400. */
export class BadRequestError extends HttpError {
  constructor(code: ApiErrorCode, message: string, options?: HttpErrorOptions) {
    super(400, code, message, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
