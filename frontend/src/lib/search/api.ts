// GET /api/search?q= through send(): matching symbols with name, exchange and type.
// TODO(h16b contract): replace the local schema with the shared one once it is committed.
import { z } from 'zod';
import { ApiError, send, type Fetch } from '../api/send.ts';

export const searchResultSchema = z.object({
  symbol: z.string(),
  name: z.string().nullable(),
  exchange: z.string().nullable(),
  type: z.string().nullable(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

const responseSchema = z.object({ results: z.array(z.unknown()) });

export async function searchSymbols(fetchFn: Fetch, query: string, signal?: AbortSignal): Promise<SearchResult[]> {
  const body = await send(fetchFn, `/api/search?q=${encodeURIComponent(query)}`, signal ? { signal } : {});
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(200, 'BAD_RESPONSE', '/api/search did not answer with results');
  return parsed.data.results.flatMap((r) => {
    const one = searchResultSchema.safeParse(r);
    return one.success ? [one.data] : [];
  });
}
