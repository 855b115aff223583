// The one way the page calls the REST API (one function, as in sveltejs/realworld's `send`): JSON in
// and out, the API token on writes, and every failure as one ApiError. Its `code` is one of the codes
// the server answers with (shared/src/api-errors.ts) or one of the three below that only the browser
// can see; error bodies are read with the shared `apiErrorBodySchema`, never guessed at.
import { API_ERROR_CODES, apiErrorBodySchema, type ApiErrorCode } from '@tickstream/shared';
import type { TokenStore } from './token.ts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * NETWORK_ERROR: no answer at all (offline, server down; status 0). HTTP_ERROR: an error status
 * whose body is not the API's error contract (a proxy's HTML 502) or names a code this page does not
 * know. BAD_RESPONSE: a success status whose body is not the JSON asked for.
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'HTTP_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  /** the HTTP status; 0 when the server never answered */
  readonly status: number;
  readonly code: ApiErrorCode | ClientErrorCode;
  /** per-field messages of a validation error, keyed by field name */
  readonly fields: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: ApiErrorCode | ClientErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, 'cause' in extra ? { cause: extra.cause } : undefined);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = extra.fields ?? {};
  }
}

const KNOWN_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);

function isApiErrorCode(code: string): code is ApiErrorCode {
  return KNOWN_CODES.has(code);
}

async function errorFrom(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = apiErrorBodySchema.safeParse(body);
  if (!parsed.success) {
    return new ApiError(res.status, 'HTTP_ERROR', `Request failed (${res.status}${res.statusText ? ` ${res.statusText}` : ''})`);
  }
  const { code, message, fields } = parsed.data.error;
  return new ApiError(res.status, isApiErrorCode(code) ? code : 'HTTP_ERROR', message, fields ? { fields } : {});
}

export interface SendOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as JSON */
  body?: unknown;
  /** writes carry its token as `Authorization: Bearer`; a 401 to a request that carried one forgets it */
  tokens?: TokenStore;
  signal?: AbortSignal;
}

/** Resolves to the parsed JSON body (null for 204); rejects with an ApiError, or the caller's own abort. */
export async function send(fetchFn: Fetch, path: string, opts: SendOptions = {}): Promise<unknown> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  // Reads are open; the token only ever goes out with a write.
  const token = method === 'GET' ? null : (opts.tokens?.get() ?? null);
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetchFn(path, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError(0, 'NETWORK_ERROR', err instanceof Error ? err.message : String(err), { cause: err });
  }
  // A wrong or rotated token: forget it, so the page asks for it again.
  if (res.status === 401 && token) opts.tokens?.set(null);
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return null;
  try {
    return await res.json();
  } catch (err) {
    throw new ApiError(res.status, 'BAD_RESPONSE', `${method} ${path} did not answer with JSON`, { cause: err });
  }
}
