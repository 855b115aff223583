// The page's calls to /api/portfolio. Writes carry the API token (when the user gave one) as
// `Authorization: Bearer`; the token lives in localStorage and is asked for on the first 401.
import type { Candle, HistoryResponse, HoldingDto, PortfolioResponse } from '@tickstream/shared';

export class PortfolioApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** per-field messages from a 400, keyed by field name */
  readonly fields: Record<string, string>;
  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export const TOKEN_KEY = 'tickstream.apiToken';

/** localStorage when there is one (private windows may refuse it), memory otherwise. */
export function tokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined): TokenStore {
  let memory: string | null = null;
  return {
    get() {
      try {
        return storage?.getItem(TOKEN_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        if (token === null) storage?.removeItem(TOKEN_KEY);
        else storage?.setItem(TOKEN_KEY, token);
      } catch {
        // memory only
      }
    },
  };
}

export interface HoldingBody {
  symbol?: string;
  quantity?: string;
  costPerShare?: string;
  note?: string | null;
  acquiredOn?: string | null;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function errorFrom(res: Response): Promise<PortfolioApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; fields?: Record<string, string> } };
    return new PortfolioApiError(res.status, body.error?.code ?? 'HTTP_ERROR', body.error?.message ?? res.statusText, body.error?.fields ?? {});
  } catch {
    return new PortfolioApiError(res.status, 'HTTP_ERROR', `Request failed (${res.status})`);
  }
}

export class PortfolioApi {
  #fetch: Fetch;
  #tokens: TokenStore;

  constructor(fetchFn: Fetch, tokens: TokenStore) {
    this.#fetch = fetchFn;
    this.#tokens = tokens;
  }

  get hasToken(): boolean {
    return this.#tokens.get() !== null;
  }

  setToken(token: string | null): void {
    this.#tokens.set(token && token.trim() !== '' ? token.trim() : null);
  }

  async portfolio(): Promise<PortfolioResponse> {
    return (await this.#request('GET', '/api/portfolio')) as PortfolioResponse;
  }

  async create(body: HoldingBody): Promise<HoldingDto> {
    return (await this.#request('POST', '/api/portfolio/holdings', body)) as HoldingDto;
  }

  async update(id: number, body: HoldingBody): Promise<HoldingDto> {
    return (await this.#request('PUT', `/api/portfolio/holdings/${id}`, body)) as HoldingDto;
  }

  async remove(id: number): Promise<void> {
    await this.#request('DELETE', `/api/portfolio/holdings/${id}`);
  }

  /** 1m bars of the last day (or, when none, the server's default window: the last session). */
  async history(symbol: string, nowSeconds: number): Promise<Candle[]> {
    const q = encodeURIComponent(symbol);
    try {
      const day = (await this.#request('GET', `/api/history?symbol=${q}&interval=1m&from=${nowSeconds - 86_400}&to=${nowSeconds}`)) as HistoryResponse;
      if (day.candles.length > 0) return day.candles;
    } catch (err) {
      // a small HISTORY_MAX_ROWS refuses a day of 1m bars; the default window still works
      if (!(err instanceof PortfolioApiError) || err.status !== 400) throw err;
    }
    return ((await this.#request('GET', `/api/history?symbol=${q}&interval=1m`)) as HistoryResponse).candles;
  }

  async #request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = this.#tokens.get();
    if (method !== 'GET' && token) headers.authorization = `Bearer ${token}`;
    const res = await this.#fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (res.status === 401 && token) this.#tokens.set(null); // a wrong or rotated token: ask again
    if (!res.ok) throw await errorFrom(res);
    return res.status === 204 ? null : res.json();
  }
}
