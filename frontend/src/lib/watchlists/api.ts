// The page's calls to /api/watchlists (contract: shared/src/watchlists.ts), through send(). Writes
// carry the API token like the portfolio's: the server guards both with the same write guard.
import { watchlistSchema, watchlistsResponseSchema, type Watchlist } from '@tickstream/shared';
import type * as z from 'zod/mini';
import { ApiError, send, type Fetch } from '../api/send.ts';
import type { TokenStore } from '../api/token.ts';

export type { Watchlist };

function parse<T>(schema: z.ZodMiniType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ApiError(200, 'BAD_RESPONSE', `${what} did not answer with watchlists`);
  return r.data;
}

/** Every page's first read of the lists (the layout's), named as a preload in the page shell (hooks.server.ts). */
export const WATCHLISTS_PATH = '/api/watchlists';

export class WatchlistsApi {
  #fetch: Fetch;
  #tokens: TokenStore;

  constructor(fetchFn: Fetch, tokens: TokenStore) {
    this.#fetch = fetchFn;
    this.#tokens = tokens;
  }

  setToken(token: string): void {
    this.#tokens.set(token.trim() === '' ? null : token.trim());
  }

  async all(): Promise<Watchlist[]> {
    return parse(watchlistsResponseSchema, await send(this.#fetch, WATCHLISTS_PATH), 'GET /api/watchlists').watchlists;
  }

  /** A new list with these symbols, or a copy of another list's (`copyFrom`). */
  async create(name: string, from: { symbols?: readonly string[]; copyFrom?: number } = {}): Promise<Watchlist> {
    const body = from.copyFrom !== undefined ? { name, copyFrom: from.copyFrom } : { name, symbols: from.symbols ?? [] };
    return this.#list('POST', '/api/watchlists', body);
  }

  rename(id: number, name: string): Promise<Watchlist> {
    return this.#list('PATCH', this.#path(id), { name });
  }

  async remove(id: number): Promise<void> {
    await this.#write('DELETE', this.#path(id));
  }

  addSymbol(id: number, symbol: string): Promise<Watchlist> {
    return this.#list('POST', `${this.#path(id)}/symbols`, { symbol });
  }

  removeSymbol(id: number, symbol: string): Promise<Watchlist> {
    return this.#list('DELETE', `${this.#path(id)}/symbols/${encodeURIComponent(symbol)}`);
  }

  /** The full new order: exactly the list's current symbols (409 WATCHLIST_ORDER_MISMATCH otherwise). */
  reorder(id: number, symbols: readonly string[]): Promise<Watchlist> {
    return this.#list('PUT', `${this.#path(id)}/symbols`, { symbols });
  }

  #path(id: number): string {
    return `/api/watchlists/${id}`;
  }

  async #list(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Watchlist> {
    return parse(watchlistSchema, await this.#write(method, path, body), `${method} ${path}`);
  }

  #write(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return send(this.#fetch, path, { method, tokens: this.#tokens, ...(body !== undefined ? { body } : {}) });
  }
}
