// /api/alerts...: thin HTTP adapters over the alert service. Writes pass the portfolio's write guard
// (same site or ALLOWED_ORIGINS; API_TOKEN when set).
import { Router, type Request } from 'express';
import { alertEventsQuerySchema, alertInputSchema, alertPatchSchema } from '@tickstream/shared';
import { BadRequestError } from '../errors.ts';
import type { AlertService } from '../alerts/service.ts';
import { jsonBody } from '../http/json-body.ts';
import { parseIdParam, parseJsonBody } from '../http/parse.ts';
import { writeGuard, type WriteGuardOptions } from '../portfolio/guard.ts';
import '../zod-messages.ts';

const parseId = (req: Request) => parseIdParam(req, 'Alert');

function parseEventsQuery(req: Request) {
  const parsed = alertEventsQuerySchema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new BadRequestError('BAD_REQUEST', `${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'is invalid'}`);
}

export function alertsRouter(service: AlertService, guardOptions: Omit<WriteGuardOptions, 'what'>): Router {
  const guard = writeGuard({ ...guardOptions, what: 'alerts' });
  const json = jsonBody({ limit: '8kb' });
  const router = Router();

  router.get('/alerts', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.list());
  });

  router.post('/alerts', guard, json, async (req, res) => {
    const created = await service.create(parseJsonBody(alertInputSchema, req, 'INVALID_ALERT'));
    res.status(201).location(`${req.baseUrl}/alerts/${created.id}`).json(created);
  });

  // Before /alerts/:id, which would take "events" as an id.
  router.get('/alerts/events', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await service.events(parseEventsQuery(req)));
  });

  router.patch('/alerts/:id', guard, json, async (req, res) => {
    const id = parseId(req);
    res.json(await service.update(id, parseJsonBody(alertPatchSchema, req, 'INVALID_ALERT')));
  });

  router.delete('/alerts/:id', guard, async (req, res) => {
    await service.remove(parseId(req));
    res.status(204).end();
  });

  router.post('/alerts/:id/test', guard, async (req, res) => {
    res.json(await service.test(parseId(req)));
  });

  return router;
}
