// The page's calls to /api/portfolio, through send(). Writes carry the API token (when the user gave
// one) as `Authorization: Bearer`; the token lives in localStorage and is asked for on the first 401.
import {
  portfolioHistoryResponseSchema,
  type Holding,
  type PortfolioHistoryResponse,
  type PortfolioRange,
  type PortfolioResponse,
} from '@tickstream/shared';
import { ApiError, send, type Fetch } from '../api/send.ts';
import type { TokenStore } from '../api/token.ts';

export interface HoldingBody {
  symbol?: string;
  quantity?: string;
  costPerShare?: string;
  note?: string | null;
  acquiredOn?: string | null;
}

/** What the portfolio page reads first (the page shell preloads it: hooks.server.ts). */
export const PORTFOLIO_PATH = '/api/portfolio';

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
    return (await this.#request('GET', PORTFOLIO_PATH)) as PortfolioResponse;
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

  /** The holdings' value over a range against a benchmark (validated: a bad answer is an error, not a blank chart). */
  async history(range: PortfolioRange, benchmark: string, signal?: AbortSignal): Promise<PortfolioHistoryResponse> {
    const params = new URLSearchParams({ range, benchmark });
    const body = await send(this.#fetch, `/api/portfolio/history?${params}`, signal ? { signal } : {});
    const parsed = portfolioHistoryResponseSchema.safeParse(body);
    if (!parsed.success) throw new ApiError(200, 'BAD_RESPONSE', '/api/portfolio/history did not answer with a series');
    return parsed.data;
  }

  #request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return send(this.#fetch, path, { method, tokens: this.#tokens, ...(body !== undefined ? { body } : {}) });
  }
}
