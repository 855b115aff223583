// GET /api/search?q=: a thin adapter over the search service (rules and limits live there).
import { Router } from 'express';
import { searchQuerySchema } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';
import { RateLimitedError, type SearchService } from '../search/service.ts';
import '../zod-messages.ts';

export function searchRouter(service: SearchService): Router {
  const router = Router();
  router.get('/search', async (req, res) => {
    const q: unknown = req.query.q;
    const parsed = searchQuerySchema.safeParse({ q: Array.isArray(q) ? q[0] : q });
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'is not valid';
      throw new BadRequestError('INVALID_QUERY', `q ${message}`, { fields: { q: message } });
    }
    try {
      const answer = await service.search(parsed.data.q, req.ip ?? 'unknown');
      // Identical answers for a minute are fine for a browser too (typing back and forth).
      res.setHeader('Cache-Control', 'private, max-age=60');
      res.json(answer);
    } catch (err) {
      if (err instanceof RateLimitedError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  });
  return router;
}
