// The page's calls to /api/portfolio, through send(). Writes carry the API token (when the user gave
// one) as `Authorization: Bearer`; the token lives in localStorage and is asked for on the first 401.
import type { Candle, HistoryResponse, Holding, PortfolioResponse } from '@tickstream/shared';
import { ApiError, send, type Fetch } from '../api/send.ts';
import type { TokenStore } from '../api/token.ts';

export interface HoldingBody {
  symbol?: string;
  quantity?: string;
  costPerShare?: string;
  note?: string | null;
  acquiredOn?: string | null;
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

  async create(body: HoldingBody): Promise<Holding> {
    return (await this.#request('POST', '/api/portfolio/holdings', body)) as Holding;
  }

  async update(id: number, body: HoldingBody): Promise<Holding> {
    return (await this.#request('PUT', `/api/portfolio/holdings/${id}`, body)) as Holding;
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
      if (!(err instanceof ApiError) || err.status !== 400) throw err;
    }
    return ((await this.#request('GET', `/api/history?symbol=${q}&interval=1m`)) as HistoryResponse).candles;
  }

  #request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return send(this.#fetch, path, { method, tokens: this.#tokens, ...(body !== undefined ? { body } : {}) });
  }
}
