// Alert evaluation on the instance that polls. The poll's new ticks arrive here (app.ts wires this
// beside live delivery); each batch is evaluated in memory, then every firing is stored (once per
// alert and tick), published as a live `alert` message and handed to the webhook deliverer, in that
// order. Batches are handled one at a time, in poll order. The alert set is reloaded when it changes
// (this instance's API calls invalidate() at once; a version check every few seconds catches edits
// made through other instances), and from scratch whenever this instance (re)gains the poll.
import type { AlertEvent, Tick } from '@tickstream/shared';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/types.ts';
import { Evaluator, type Evaluation, type SmaSeed } from './evaluator.ts';
import type { Deliverer } from './webhook/deliverer.ts';

/** How the engine reaches live delivery (live/ implements it; app.ts wires it). */
export interface AlertPublisher {
  publishAlert(event: AlertEvent): Promise<void>;
}

export interface EngineDeps {
  store: Pick<Store, 'alerts' | 'candles'>;
  logger: Logger;
  now: () => number;
  config: { alerts: Pick<Config['alerts'], 'webhookUrl'> };
  publisher: AlertPublisher;
  deliverer: Pick<Deliverer, 'deliver'>;
  isLeader: () => boolean;
  /** how long the outbox leaves a new firing to the instance that fired it (ms) */
  outboxGraceMs?: number;
  refreshMs?: number;
  /** counts each stored firing (metrics) */
  onFired?: () => void;
}

export interface AlertEngine {
  /** The poll's new ticks; never rejects. Resolves once the batch is evaluated and its firings stored. */
  onTicks(ticks: readonly Tick[]): Promise<void>;
  /** The alerts changed through this instance: reload before the next batch. */
  invalidate(): void;
  start(): void;
  stop(): Promise<void>;
}

export const OUTBOX_GRACE_MS = 5000;

export function createAlertEngine(deps: EngineDeps): AlertEngine {
  const { store, logger, now } = deps;
  let evaluator = new Evaluator();
  let loadedVersion: string | null = null;
  // true until loaded, and again after this instance was not the poller for a while
  let fresh = true;
  let dirty = true;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const seedSma = ({ symbol, interval, tracker }: SmaSeed) => {
    const to = tracker.bucketOf(Math.floor(now() / 1000)) - 1;
    // Closed sessions (nights, weekends, holidays) hold no candles: look back well past `period` buckets.
    const from = to - tracker.period * tracker.seconds * 4 - 10 * 86_400;
    tracker.seeding = true;
    store.candles
      .history({ symbol, interval, from, to, limit: tracker.period })
      .then((candles) => tracker.seed(candles))
      .catch((err: unknown) => logger.warn({ err, symbol, interval }, 'could not read candles for an SMA alert; retrying at the next reload'))
      .finally(() => {
        tracker.seeding = false;
      });
  };

  const reload = async () => {
    if (fresh) evaluator = new Evaluator();
    const version = await store.alerts.version();
    evaluator.load(await store.alerts.list());
    loadedVersion = version;
    fresh = false;
    dirty = false;
    for (const seed of evaluator.takeSmaSeeds()) seedSma(seed);
  };

  const store1 = async (f: Evaluation['firings'][number]) => {
    const firedAtMs = now();
    const webhookUrl = f.alert.webhookUrl ?? deps.config.alerts.webhookUrl ?? null;
    const event = await store.alerts.fire({
      state: f.state,
      symbol: f.alert.symbol,
      condition: f.alert.condition,
      note: f.alert.note,
      price: f.tick.price,
      observed: f.observed,
      tickTime: f.tick.time,
      firedAtMs,
      webhookUrl,
      webhookFormat: f.alert.webhookFormat,
      outboxAtMs: firedAtMs + (deps.outboxGraceMs ?? OUTBOX_GRACE_MS),
    });
    if (!event) return;
    deps.onFired?.();
    logger.info({ alertId: event.alertId, eventId: event.id, symbol: event.symbol, price: event.price }, 'alert fired');
    deps.publisher.publishAlert(event).catch((err: unknown) => logger.warn({ err, eventId: event.id }, 'could not publish an alert live'));
    if (webhookUrl !== null) void deps.deliverer.deliver({ event, webhookUrl, webhookFormat: f.alert.webhookFormat, attempts: 0 });
  };

  const handle = async (ticks: readonly Tick[]) => {
    if (fresh || dirty) await reload();
    const { firings, states } = evaluator.evaluate(ticks, now());
    for (const f of firings) {
      await store1(f).catch((err: unknown) => logger.error({ err, alertId: f.alert.id }, 'could not store an alert firing; it is lost'));
    }
    if (states.length > 0) await store.alerts.saveStates(states);
  };

  const checkVersion = async () => {
    if (!deps.isLeader()) {
      fresh = true;
      return;
    }
    if (fresh || dirty) return;
    if ((await store.alerts.version()) !== loadedVersion) dirty = true;
  };

  return {
    onTicks(ticks) {
      chain = chain.then(() => handle(ticks)).catch((err: unknown) => logger.warn({ err }, 'alert evaluation failed for a poll'));
      return chain;
    },
    invalidate() {
      dirty = true;
    },
    start() {
      timer ??= setInterval(() => void checkVersion().catch(() => undefined), deps.refreshMs ?? 2000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await chain;
    },
  };
}
