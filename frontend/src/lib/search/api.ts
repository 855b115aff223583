// GET /api/search?q= through send(): matching symbols with name, exchange and type, validated
// against the shared contract (shared/src/search.ts); an invalid entry is dropped, not fatal.
import { SEARCH_LIMITS, searchResultSchema, type SearchResult } from '@tickstream/shared';
import * as z from 'zod/mini';
import { ApiError, send, type Fetch } from '../api/send.ts';

export type { SearchResult };

const responseSchema = z.object({ results: z.array(z.unknown()) });

export async function searchSymbols(fetchFn: Fetch, query: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const q = query.trim().slice(0, SEARCH_LIMITS.maxQueryLength);
  const body = await send(fetchFn, `/api/search?q=${encodeURIComponent(q)}`, signal ? { signal } : {});
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(200, 'BAD_RESPONSE', '/api/search did not answer with results');
  return parsed.data.results.flatMap((r) => {
    const one = searchResultSchema.safeParse(r);
    return one.success ? [one.data] : [];
  });
}
