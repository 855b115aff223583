// The page's calls to /api/watchlists, through send(). Writes carry the API token like the
// portfolio's (the same write guard on the server).
// TODO(h16b contract): swap the local schema for the shared one once it is committed.
import { z } from 'zod';
import { ApiError, send, type Fetch } from '../api/send.ts';
import type { TokenStore } from '../api/token.ts';

export const watchlistSchema = z.object({
  id: z.string(),
  name: z.string(),
  symbols: z.array(z.string()),
  /** the environment's WATCHLIST list: shown first, never edited through the API */
  readOnly: z.boolean(),
});
export type Watchlist = z.infer<typeof watchlistSchema>;

const listSchema = z.object({ watchlists: z.array(watchlistSchema) });

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ApiError(200, 'BAD_RESPONSE', `${what} did not answer with a watchlist`);
  return r.data;
}

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
    return parse(listSchema, await send(this.#fetch, '/api/watchlists'), 'GET /api/watchlists').watchlists;
  }

  async create(name: string, symbols: readonly string[] = []): Promise<Watchlist> {
    return parse(watchlistSchema, await this.#write('POST', '/api/watchlists', { name, symbols }), 'POST /api/watchlists');
  }

  async update(id: string, patch: { name?: string; symbols?: readonly string[] }): Promise<Watchlist> {
    return parse(watchlistSchema, await this.#write('PUT', this.#path(id), patch), 'PUT /api/watchlists/:id');
  }

  async remove(id: string): Promise<void> {
    await this.#write('DELETE', this.#path(id));
  }

  #path(id: string): string {
    return `/api/watchlists/${encodeURIComponent(id)}`;
  }

  #write(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return send(this.#fetch, path, { method, tokens: this.#tokens, ...(body !== undefined ? { body } : {}) });
  }
}
