import { Router } from 'express';
import type { HealthResponse, SourceStatus } from '@tickstream/shared';
import type { Poller } from '../poller/types.ts';
import type { Store } from '../store/types.ts';
import { errorMessage } from '../errors.ts';

export type HealthState = HealthResponse['status'];

/**
 * ok: database answers and the source is ok.
 * degraded: one of them is impaired but the app still serves something useful (history without
 *   fresh quotes, or live quotes while the database is away).
 * down: database unreachable and no live data (source down or never succeeded): HTTP 503.
 */
export function overallState(dbOk: boolean, source: SourceStatus): HealthState {
  if (dbOk) return source.state === 'ok' ? 'ok' : 'degraded';
  const liveData = source.state !== 'down' && source.lastSuccessAtMs !== null;
  return liveData ? 'degraded' : 'down';
}

/** GET /health */
export interface HealthDeps {
  store: Pick<Store, 'ping' | 'kind' | 'timescale' | 'timescaleReason'>;
  now: () => number;
}

export function healthRouter(ctx: HealthDeps, parts: { poller: Pick<Poller, 'status' | 'pendingWrites' | 'isLeader'> }): Router {
  const router = Router();
  const startedAt = ctx.now();
  router.get('/health', async (_req, res) => {
    let dbError: string | undefined;
    try {
      await ctx.store.ping();
    } catch (err) {
      dbError = errorMessage(err);
    }
    const source = parts.poller.status();
    const status = overallState(dbError === undefined, source);
    res.set('Cache-Control', 'no-store');
    const body: HealthResponse = {
      status,
      db: {
        ok: dbError === undefined,
        kind: ctx.store.kind,
        timescale: ctx.store.timescale,
        ...(ctx.store.timescaleReason ? { timescaleReason: ctx.store.timescaleReason } : {}),
        ...(dbError ? { error: dbError } : {}),
      },
      source,
      lastPollAtMs: source.lastSuccessAtMs,
      backfill: source.backfill,
      pendingWrites: parts.poller.pendingWrites(),
      leader: parts.poller.isLeader(),
      uptimeSeconds: Math.floor((ctx.now() - startedAt) / 1000),
    };
    res.status(status === 'down' ? 503 : 200).json(body);
  });
  return router;
}
