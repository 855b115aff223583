// Every failure leaving the store is a StoreError (code STORE_*), so callers and the HTTP error
// handler can tell "database unavailable" from their own bugs without knowing the driver.
// Messages carry the driver's own text, never the failed query or its parameters (user data).
import { AppError, errorMessage } from '../errors.ts';

export type StoreErrorCode =
  | 'STORE_UNAVAILABLE'
  | 'STORE_CONSTRAINT'
  | 'STORE_INVALID_VALUE'
  | 'STORE_MIGRATION'
  | 'STORE_QUERY';

export class StoreError extends AppError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The database refused the data itself (SQLSTATE class 22 data exception, class 23 integrity
 * constraint violation): retrying cannot help and the database is fine. Over HTTP this is the
 * client's fault (400, or 409 when `conflict`), never a 503.
 */
export class StoreDataError extends StoreError {
  declare readonly code: 'STORE_CONSTRAINT' | 'STORE_INVALID_VALUE';
  /** SQLSTATE as the driver reported it, e.g. 22P02 */
  readonly sqlState: string;
  /** a unique or exclusion violation: the row clashes with one already stored */
  readonly conflict: boolean;
  constructor(code: 'STORE_CONSTRAINT' | 'STORE_INVALID_VALUE', sqlState: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.sqlState = sqlState;
    this.conflict = sqlState === '23505' || sqlState === '23P01';
  }
}

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/** Errors that mean "the database cannot be reached right now", as Node, pg and PGlite report them. */
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /client was closed/i,
  /not queryable/i,
  /pglite is closed/i,
];

/** Walks the cause chain (drizzle wraps driver errors in DrizzleQueryError) for the driver's error. */
function driverError(err: unknown): DriverError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const e = current as DriverError;
    if (typeof e.code === 'string') return e;
    current = e.cause;
  }
  return undefined;
}

function anyMessageMatches(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const message = errorMessage(current);
    if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
    current = typeof current === 'object' ? (current as DriverError).cause : undefined;
  }
  return false;
}

/** The deepest message in the cause chain: the driver's, not drizzle's "Failed query: ... params: ...". */
function innermostMessage(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object' && (current as DriverError).cause; depth++) {
    current = (current as DriverError).cause;
  }
  return errorMessage(current);
}

/** Classifies any driver/drizzle error; StoreErrors pass through unchanged. */
export function toStoreError(err: unknown, action: string): StoreError {
  if (err instanceof StoreError) return err;
  const driver = driverError(err);
  const code = typeof driver?.code === 'string' ? driver.code : '';
  const detail = typeof driver?.message === 'string' ? driver.message : innermostMessage(err);
  // SQLSTATE classes: 08 connection exception, 57P0x shutdown/crash, 53 insufficient resources; and
  // 55000 when it is the server turning connections to the database away (ALLOW_CONNECTIONS false):
  // the database is closed for now, not the query wrong.
  const refused = code === '55000' && /not currently accepting connections/i.test(detail);
  if (UNAVAILABLE_NODE_CODES.has(code) || code.startsWith('08') || /^57P0[1-4]$/.test(code) || code.startsWith('53') || refused || anyMessageMatches(err)) {
    return new StoreError('STORE_UNAVAILABLE', `${action}: database unavailable (${detail})`, { cause: err });
  }
  if (code.startsWith('23')) {
    const constraint = typeof driver?.constraint === 'string' ? ` [${driver.constraint}]` : '';
    return new StoreDataError('STORE_CONSTRAINT', code, `${action}: rejected by a constraint${constraint} (SQLSTATE ${code})`, { cause: err });
  }
  if (code.startsWith('22')) {
    return new StoreDataError('STORE_INVALID_VALUE', code, `${action}: invalid value (SQLSTATE ${code})`, { cause: err });
  }
  return new StoreError('STORE_QUERY', `${action}: ${detail}`, { cause: err });
}

/** Runs a repository operation, converting whatever it throws into a StoreError. */
export async function guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStoreError(err, action);
  }
}

/** Message for a store call abandoned after a timeout; its wording is classified as STORE_UNAVAILABLE above. */
export const STORE_TIMEOUT = (what: string): string => `${what}: connection timeout`;
