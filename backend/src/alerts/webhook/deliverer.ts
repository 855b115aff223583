// Delivers stored firings to their webhooks: at once after a firing, and from the outbox (pending
// events in the store) on a timer, which also picks up what a crashed instance stored but never
// delivered. Only the evaluating instance (the poller lock holder) delivers, so each attempt is made
// by one instance. Retries: 5xx, 408, 429, timeouts and network errors, with equal-jitter backoff.
import { equalJitterBackoff, type AlertEvent, type DeliveryAttempt, type WebhookFormat } from '@tickstream/shared';
import type { Logger } from '../../logger.ts';
import type { AlertRepository, DeliveryJob } from '../../store/types.ts';
import { waitAtMost } from '../../timeouts.ts';
import { buildRequest } from './format.ts';
import { postWebhook, type PostOptions } from './post.ts';

export const MAX_ATTEMPTS = 6;
export const RETRY_BACKOFF = { baseMs: 1000, maxMs: 60_000 };
const SCAN_BATCH = 50;

export interface DelivererDeps {
  store: { alerts: Pick<AlertRepository, 'dueDeliveries' | 'recordAttempt'> };
  logger: Logger;
  now: () => number;
  secret: string | undefined;
  /** true while this instance evaluates alerts (holds the poller lock) */
  isLeader: () => boolean;
  post?: PostOptions;
  /** counts each attempt (metrics) */
  onAttempt?: (outcome: DeliveryAttempt['outcome']) => void;
  random?: () => number;
  scanMs?: number;
}

export interface Deliverer {
  /** Tries one stored event now (no-op while the same event is in flight here). */
  deliver(job: DeliveryJob): Promise<void>;
  /** Delivers what the outbox holds that is due. */
  scan(): Promise<void>;
  /** One unrecorded test attempt. */
  test(url: string, format: WebhookFormat, event: AlertEvent): Promise<DeliveryAttempt>;
  start(): void;
  stop(): Promise<void>;
}

export function retryable(a: DeliveryAttempt): boolean {
  if (a.outcome === 'timeout' || a.outcome === 'network_error') return true;
  return a.outcome === 'http_error' && a.httpStatus !== null && (a.httpStatus >= 500 || a.httpStatus === 408 || a.httpStatus === 429);
}

export function createDeliverer(deps: DelivererDeps): Deliverer {
  const { logger, now } = deps;
  const random = deps.random ?? Math.random;
  const inFlight = new Map<number, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | undefined;

  const attempt = async (job: DeliveryJob) => {
    const n = job.attempts + 1;
    const request = buildRequest(job.event, job.webhookFormat, { secret: deps.secret, nowMs: now(), test: false });
    const result = await postWebhook(job.webhookUrl, request, n, { now, ...deps.post });
    deps.onAttempt?.(result.outcome);
    const retry = result.outcome !== 'delivered' && retryable(result) && n < MAX_ATTEMPTS;
    const delivery = result.outcome === 'delivered' ? 'delivered' : retry ? 'pending' : 'failed';
    const nextAttemptAtMs = retry ? now() + equalJitterBackoff(n, random, RETRY_BACKOFF) : null;
    await deps.store.alerts.recordAttempt(job.event.id, result, { delivery, nextAttemptAtMs });
    const log = { eventId: job.event.id, alertId: job.event.alertId, attempt: n, outcome: result.outcome, httpStatus: result.httpStatus, delivery };
    if (delivery === 'failed') logger.warn({ ...log, error: result.error }, 'alert webhook delivery failed; giving up');
    else if (retry) logger.info({ ...log, error: result.error, retryInMs: (nextAttemptAtMs ?? 0) - now() }, 'alert webhook delivery failed; will retry');
    else logger.debug(log, 'alert webhook delivered');
  };

  const deliver = (job: DeliveryJob): Promise<void> => {
    const id = job.event.id;
    const running = inFlight.get(id);
    if (running) return running;
    const p = attempt(job)
      .catch((err: unknown) => logger.warn({ err, eventId: id }, 'alert webhook delivery could not be recorded; the outbox will try again'))
      .finally(() => inFlight.delete(id));
    inFlight.set(id, p);
    return p;
  };

  const scanOnce = async () => {
    if (!deps.isLeader()) return;
    const jobs = await deps.store.alerts.dueDeliveries(now(), SCAN_BATCH);
    await Promise.all(jobs.filter((j) => !inFlight.has(j.event.id)).map(deliver));
  };

  const scan = () =>
    (scanning ??= scanOnce()
      .catch((err: unknown) => logger.warn({ err }, 'could not read the alert delivery outbox; will retry'))
      .finally(() => {
        scanning = undefined;
      }));

  return {
    deliver,
    scan,
    async test(url, format, event) {
      const request = buildRequest(event, format, { secret: deps.secret, nowMs: now(), test: true });
      return postWebhook(url, request, 1, { now, ...deps.post });
    },
    start() {
      timer ??= setInterval(() => void scan(), deps.scanMs ?? 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await waitAtMost(Promise.all([...inFlight.values(), scanning]), 6000);
    },
  };
}
