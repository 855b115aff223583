// Every failure of a quote source, reduced to a small set of codes the poller can act on
// (back off, re-handshake, mark a symbol bad). The original error is kept as `cause`.
import { AppError } from '../errors.ts';

export const SOURCE_ERROR_CODES = [
  'RATE_LIMITED', // HTTP 429
  'UPSTREAM_ERROR', // HTTP 5xx
  'TIMEOUT', // our per-request timeout fired
  'NETWORK', // DNS failure, connection refused/reset, no network
  'AUTH', // cookie/crumb handshake failed or was rejected
  'BAD_RESPONSE', // unparsable or unexpected body, other 4xx
  'UNKNOWN_SYMBOL', // the source says the symbol does not exist (chart 404)
  'ABORTED', // the caller aborted (shutdown); not a source failure
] as const;
export type SourceErrorCode = (typeof SOURCE_ERROR_CODES)[number];

export class SourceError extends AppError {
  declare readonly code: SourceErrorCode;
  /** HTTP status when the failure was an HTTP answer */
  readonly status: number | undefined;
  /** How long the source asked us to wait (HTTP Retry-After), in ms */
  readonly retryAfterMs: number | undefined;
  constructor(code: SourceErrorCode, message: string, options?: { cause?: unknown; status?: number; retryAfterMs?: number }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCodeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a rejection of `fetch` (undici) to a SourceError: undici rejects with
 * `TypeError('fetch failed', { cause })` where cause carries the system error code.
 */
export function classifyFetchError(err: unknown, url: string): SourceError {
  if (err instanceof SourceError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  const host = safeHost(url);
  if (name === 'TimeoutError') return new SourceError('TIMEOUT', `request to ${host} timed out`, { cause: err });
  if (name === 'AbortError') return new SourceError('ABORTED', `request to ${host} was aborted`, { cause: err });
  const cause = (err as { cause?: unknown } | null)?.cause;
  const code = errorCodeOf(cause) ?? errorCodeOf(err);
  if (code && TIMEOUT_CODES.has(code)) return new SourceError('TIMEOUT', `request to ${host} timed out (${code})`, { cause: err });
  if (code && NETWORK_CODES.has(code)) return new SourceError('NETWORK', `cannot reach ${host} (${code})`, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new SourceError('NETWORK', `request to ${host} failed: ${message}`, { cause: err });
}

/** Anything a yahoo-finance2 call threw, reduced to a SourceError. */
export function toSourceError(err: unknown): SourceError {
  if (err instanceof SourceError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError') return new SourceError('TIMEOUT', message, { cause: err });
  if (name === 'AbortError') return new SourceError('ABORTED', message, { cause: err });
  // yahoo-finance2's handshake throws plain Errors mentioning the crumb or cookie.
  if (/crumb|cookie|consent/i.test(message)) return new SourceError('AUTH', message, { cause: err });
  if (name === 'TypeError' && message === 'fetch failed') return classifyFetchError(err, '');
  return new SourceError('BAD_RESPONSE', message, { cause: err });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the quote source';
  }
}
