// Alert rules behind the REST API: create, edit, delete, list with status, events, test delivery.
// Every change reloads the evaluating engine on this instance and re-syncs the polled symbols (an
// enabled alert's symbol is polled); other instances' engines notice within a few seconds.
import { lookup } from 'node:dns/promises';
import {
  defaultMarketHours,
  isRefusedWebhookAddress,
  type Alert,
  type AlertEvent,
  type AlertEventsQuery,
  type AlertEventsResponse,
  type AlertInput,
  type AlertPatch,
  type AlertTestResponse,
  type Tick,
} from '@tickstream/shared';
import { BadRequestError, HttpError } from '../errors.ts';
import { waitAtMost } from '../timeouts.ts';
import type { AlertSettings, Store, StoredAlert } from '../store/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { alertStatus, initialArmed } from './rules.ts';
import type { AlertEngine } from './engine.ts';
import type { Deliverer } from './webhook/deliverer.ts';

export interface AlertServiceDeps {
  store: Pick<Store, 'alerts' | 'ticks'>;
  logger: Logger;
  now: () => number;
  config: { alerts: Config['alerts'] };
  /** the latest live tick per symbol (this instance's stream) */
  latestTicks: () => ReadonlyMap<string, Tick>;
  engine: Pick<AlertEngine, 'invalidate'>;
  deliverer: Pick<Deliverer, 'test'>;
  /** re-reads which symbols must be polled (watchlist, holdings, enabled alerts) */
  syncSymbols: () => Promise<unknown>;
  /** host name -> addresses (tests replace DNS) */
  resolve?: (host: string) => Promise<string[]>;
}

export interface AlertService {
  list(): Promise<{ alerts: Alert[]; max: number }>;
  create(input: AlertInput): Promise<Alert>;
  update(id: number, patch: AlertPatch): Promise<Alert>;
  remove(id: number): Promise<void>;
  events(query: AlertEventsQuery): Promise<AlertEventsResponse>;
  test(id: number): Promise<AlertTestResponse>;
}

/** A slow resolver does not hold up the API: delivery checks the address again anyway. */
const RESOLVE_WAIT_MS = 2000;

const notFound = (id: number) => new HttpError(404, 'ALERT_NOT_FOUND', `No alert with id ${id}`);

const defaultResolve = async (host: string) => (await lookup(host, { all: true })).map((a) => a.address);

export function createAlertService(deps: AlertServiceDeps): AlertService {
  const { store } = deps;
  const nowSec = () => Math.floor(deps.now() / 1000);
  const resolve = deps.resolve ?? defaultResolve;

  const toAlert = (a: StoredAlert): Alert => ({
    id: a.id,
    symbol: a.symbol,
    condition: a.condition,
    repeat: a.repeat,
    cooldownSeconds: a.cooldownSeconds,
    marketHours: a.marketHours,
    enabled: a.enabled,
    note: a.note,
    webhookUrl: a.webhookUrl,
    webhookFormat: a.webhookFormat,
    status: alertStatus(a.enabled, a.state, nowSec()),
    cooldownUntil: a.state?.cooldownUntil ?? null,
    lastFiredAt: a.state?.lastFiredAt ?? null,
    fireCount: a.state?.fireCount ?? 0,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  });

  const latestTick = async (symbol: string): Promise<Tick | undefined> =>
    deps.latestTicks().get(symbol) ?? (await store.ticks.latest([symbol]))[0];

  /** A host name is checked where it resolves to now; delivery checks again at connect time. */
  const checkHost = async (url: string | null | undefined) => {
    if (!url) return;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: string[] | undefined;
    try {
      addresses = await waitAtMost(resolve(host), RESOLVE_WAIT_MS);
    } catch {
      return; // not resolvable now (offline, not yet in DNS): delivery checks again
    }
    if (!addresses) return;
    const bad = addresses.find(isRefusedWebhookAddress);
    if (bad) throw new BadRequestError('WEBHOOK_URL_REFUSED', `webhookUrl: ${host} resolves to ${bad}, a link-local or cloud metadata address`, { fields: { webhookUrl: `resolves to ${bad}, a link-local or cloud metadata address` } });
  };

  const afterChange = async () => {
    deps.engine.invalidate();
    try {
      await deps.syncSymbols();
    } catch (err) {
      deps.logger.warn({ err }, 'alerts changed but the polled symbols could not be synced yet');
    }
  };

  return {
    async list() {
      return { alerts: (await store.alerts.list()).map(toAlert), max: deps.config.alerts.max };
    },

    async create(input) {
      if ((await store.alerts.count()) >= deps.config.alerts.max) {
        throw new HttpError(409, 'TOO_MANY_ALERTS', `At most ${deps.config.alerts.max} alerts can exist (MAX_ALERTS)`);
      }
      await checkHost(input.webhookUrl);
      const settings: AlertSettings = {
        symbol: input.symbol,
        condition: input.condition,
        repeat: input.repeat,
        cooldownSeconds: input.cooldownSeconds,
        marketHours: input.marketHours ?? defaultMarketHours(input.symbol),
        enabled: input.enabled,
        note: input.note ?? null,
        webhookUrl: input.webhookUrl ?? null,
        webhookFormat: input.webhookFormat,
      };
      const created = await store.alerts.create(settings, initialArmed(settings.condition, await latestTick(settings.symbol)));
      await afterChange();
      return toAlert(created);
    },

    async update(id, patch) {
      const current = await store.alerts.get(id);
      if (!current) throw notFound(id);
      await checkHost(patch.webhookUrl);
      const changes: Partial<AlertSettings> = {};
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(changes, { [key]: value });
      const next = { ...current, ...changes };
      // What fires changed, or it is switched on again: judge it afresh from the latest price.
      const rearm =
        JSON.stringify(next.condition) !== JSON.stringify(current.condition) ||
        next.symbol !== current.symbol ||
        next.repeat !== current.repeat ||
        next.marketHours !== current.marketHours ||
        (next.enabled && !current.enabled);
      const updated = await store.alerts.update(id, changes, rearm ? { armed: initialArmed(next.condition, await latestTick(next.symbol)) } : null);
      if (!updated) throw notFound(id);
      await afterChange();
      return toAlert(updated);
    },

    async remove(id) {
      if (!(await store.alerts.remove(id))) throw notFound(id);
      await afterChange();
    },

    events: (query) => store.alerts.events(query),

    async test(id) {
      const alert = await store.alerts.get(id);
      if (!alert) throw notFound(id);
      const url = alert.webhookUrl ?? deps.config.alerts.webhookUrl;
      if (!url) throw new HttpError(409, 'NO_WEBHOOK', 'This alert has no webhookUrl and ALERT_WEBHOOK_URL is not set');
      const tick = await latestTick(alert.symbol);
      const sample: AlertEvent = {
        id: 0,
        alertId: alert.id,
        symbol: alert.symbol,
        condition: alert.condition,
        note: alert.note,
        price: tick?.price ?? ('value' in alert.condition && alert.condition.value > 0 ? alert.condition.value : 1),
        observed: null,
        tickTime: tick?.time ?? nowSec(),
        firedAtMs: deps.now(),
        delivery: 'pending',
        attempts: [],
      };
      const attempt = await deps.deliverer.test(url, alert.webhookFormat, sample);
      return { delivered: attempt.outcome === 'delivered', url: alert.webhookUrl ?? '(ALERT_WEBHOOK_URL)', attempt };
    },
  };
}
