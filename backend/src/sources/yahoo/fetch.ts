// The fetch handed to yahoo-finance2: adds our per-request timeout and turns HTTP failures
// into SourceErrors before the library sees them, so every failure arrives classified
// (the library itself throws untyped Errors and prints failed URLs to the console).
import { SourceError, classifyFetchError } from '../errors.ts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const CRUMB_URL = /\/v1\/test\/getcrumb/;
const CHART_URL = /\/v8\/finance\/chart\/([^?/]+)/;
const BODY_PREVIEW = 200;

export function createYahooFetch(base: FetchLike, timeoutMs: number): FetchLike {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await base(input, { ...init, signal });
    } catch (err) {
      throw classifyFetchError(err, url);
    }
    if (response.status < 400) return response;
    throw await httpError(response, url);
  };
}

async function httpError(response: Response, url: string): Promise<SourceError> {
  const status = response.status;
  const detail = await describeBody(response);
  const where = describeUrl(url);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  if (status === 429) return new SourceError('RATE_LIMITED', `Yahoo rate limit (HTTP 429) on ${where}${detail}`, { status, retryAfterMs });
  if (status >= 500) return new SourceError('UPSTREAM_ERROR', `Yahoo HTTP ${status} on ${where}${detail}`, { status, retryAfterMs });
  if (status === 401 || status === 403 || CRUMB_URL.test(url)) {
    return new SourceError('AUTH', `Yahoo refused the cookie/crumb (HTTP ${status}) on ${where}${detail}`, { status });
  }
  const chart = CHART_URL.exec(url);
  if (status === 404 && chart) {
    const symbol = decodeURIComponent(chart[1] ?? '');
    return new SourceError('UNKNOWN_SYMBOL', `Yahoo has no chart for ${symbol}${detail}`, { status });
  }
  return new SourceError('BAD_RESPONSE', `Yahoo HTTP ${status} on ${where}${detail}`, { status });
}

/** RFC 9110 Retry-After: delay-seconds or an HTTP date; in ms from `now`, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its month; without this, Date.parse reads '-5' as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Yahoo's JSON errors look like `{ chart: { result: null, error: { code, description } } }`. */
async function describeBody(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  try {
    const body = JSON.parse(text) as Record<string, { error?: { description?: unknown } } | undefined>;
    const first = Object.values(body)[0];
    const description = first?.error?.description;
    if (typeof description === 'string') return `: ${description}`;
  } catch {
    // not JSON: fall through to the raw text
  }
  const trimmed = text.replace(/\s+/g, ' ').trim().slice(0, BODY_PREVIEW);
  return trimmed && !trimmed.startsWith('<') ? `: ${trimmed}` : '';
}

function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}
