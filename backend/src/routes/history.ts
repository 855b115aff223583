import { Router } from 'express';
import type { HistoryService } from '../history/service.ts';
import { parseHistoryParams } from '../history/params.ts';
import { historyJson } from '../history/json.ts';

/** GET /history?symbol=&interval=&from=&to= */
export function historyRouter(service: HistoryService): Router {
  const router = Router();
  router.get('/history', async (req, res) => {
    const request = parseHistoryParams(req.query as Record<string, unknown>);
    res.type('json').send(historyJson(await service.get(request)));
  });
  return router;
}
