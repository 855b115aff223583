// Alerts and their arm state. The condition lives in typed columns (CHECKed in 0004_alerts.sql) and
// is rebuilt into the wire shape here. Events and deliveries are in alert-events.ts.
import { sql } from 'drizzle-orm';
import type { AlertCondition, MarketHours, WebhookFormat } from '@tickstream/shared';
import type { AlertRepository, AlertSettings, StoredAlert } from './types.ts';
import { rowsOf, type Db } from './db.ts';
import { guard } from './errors.ts';
import { createAlertEventRepository } from './alert-events.ts';

const validId = (id: number) => Number.isSafeInteger(id) && id >= 1 && id <= 2_147_483_647;

interface AlertRow {
  id: number;
  symbol: string;
  condition_type: AlertCondition['type'];
  value: number | null;
  window_minutes: number | null;
  direction: 'up' | 'down' | 'either' | null;
  period: number | null;
  sma_interval: '1m' | '1h' | '1d' | null;
  repeat: 'once' | 'every';
  cooldown_seconds: number;
  market_hours: MarketHours;
  enabled: boolean;
  note: string | null;
  webhook_url: string | null;
  webhook_format: WebhookFormat;
  revision: number;
  created_at: string | number;
  updated_at: string | number;
  state_revision: number | null;
  armed: boolean | null;
  done: boolean | null;
  cooldown_until: string | number | null;
  last_fired_at: string | number | null;
  fire_count: number | null;
}

function toCondition(r: AlertRow): AlertCondition {
  const value = Number(r.value);
  switch (r.condition_type) {
    case 'price_above':
    case 'price_below':
    case 'change_percent_above':
    case 'change_percent_below':
      return { type: r.condition_type, value };
    case 'move_percent':
      return { type: 'move_percent', value, windowMinutes: Number(r.window_minutes), direction: r.direction ?? 'either' };
    case 'sma_cross_above':
    case 'sma_cross_below':
      return { type: r.condition_type, period: Number(r.period), interval: r.sma_interval ?? '1d' };
  }
}

const seconds = (v: string | number | null) => (v === null ? null : Math.floor(Number(v)));

function toAlert(r: AlertRow): StoredAlert {
  const current = r.state_revision !== null && r.state_revision === r.revision;
  return {
    id: r.id,
    symbol: r.symbol,
    condition: toCondition(r),
    repeat: r.repeat,
    cooldownSeconds: r.cooldown_seconds,
    marketHours: r.market_hours,
    enabled: r.enabled,
    note: r.note,
    webhookUrl: r.webhook_url,
    webhookFormat: r.webhook_format,
    revision: r.revision,
    state: current
      ? { armed: r.armed, done: r.done ?? false, cooldownUntil: seconds(r.cooldown_until), lastFiredAt: seconds(r.last_fired_at), fireCount: r.fire_count ?? 0 }
      : null,
    createdAt: seconds(r.created_at) ?? 0,
    updatedAt: seconds(r.updated_at) ?? 0,
  };
}

/** The condition's typed columns; the ones a type does not use are null. */
function conditionColumns(c: AlertCondition) {
  return {
    condition_type: c.type,
    value: 'value' in c ? c.value : null,
    window_minutes: c.type === 'move_percent' ? c.windowMinutes : null,
    direction: c.type === 'move_percent' ? c.direction : null,
    period: 'period' in c ? c.period : null,
    sma_interval: 'interval' in c ? c.interval : null,
  };
}

function settingColumns(p: Partial<AlertSettings>): Record<string, unknown> {
  const cols: Record<string, unknown> = p.condition ? conditionColumns(p.condition) : {};
  if (p.symbol !== undefined) cols.symbol = p.symbol;
  if (p.repeat !== undefined) cols.repeat = p.repeat;
  if (p.cooldownSeconds !== undefined) cols.cooldown_seconds = p.cooldownSeconds;
  if (p.marketHours !== undefined) cols.market_hours = p.marketHours;
  if (p.enabled !== undefined) cols.enabled = p.enabled;
  if (p.note !== undefined) cols.note = p.note;
  if (p.webhookUrl !== undefined) cols.webhook_url = p.webhookUrl;
  if (p.webhookFormat !== undefined) cols.webhook_format = p.webhookFormat;
  return cols;
}

const SELECT = sql`
  SELECT a.id, a.symbol, a.condition_type, a.value, a.window_minutes, a.direction, a.period, a.sma_interval,
         a.repeat, a.cooldown_seconds, a.market_hours, a.enabled, a.note, a.webhook_url, a.webhook_format, a.revision,
         extract(epoch from a.created_at) AS created_at, extract(epoch from a.updated_at) AS updated_at,
         s.revision AS state_revision, s.armed, s.done, extract(epoch from s.cooldown_until) AS cooldown_until,
         extract(epoch from s.last_fired_at) AS last_fired_at, s.fire_count
  FROM alerts a LEFT JOIN alert_state s ON s.alert_id = a.id`;

/** The first state of a revision (of the alert the CTE `a` wrote): only `armed` is known, from the latest price if any. */
const initialState = (armed: boolean | null) => sql`
  INSERT INTO alert_state (alert_id, revision, armed) SELECT id, revision, ${armed}::boolean FROM a
  ON CONFLICT (alert_id) DO UPDATE SET revision = EXCLUDED.revision, armed = EXCLUDED.armed, done = false,
    cooldown_until = NULL`;

export function createAlertRepository(db: Db): AlertRepository {
  const one = async (id: number) => rowsOf<AlertRow>(await db.execute(sql`${SELECT} WHERE a.id = ${id}`)).map(toAlert)[0] ?? null;

  return {
    ...createAlertEventRepository(db),

    list: () => guard('list alerts', async () => rowsOf<AlertRow>(await db.execute(sql`${SELECT} ORDER BY a.id`)).map(toAlert)),

    get: (id) => guard('read alert', async () => (validId(id) ? one(id) : null)),

    create: (settings, armed) =>
      guard('create alert', async () => {
        const cols = settingColumns(settings);
        const names = sql.join(Object.keys(cols).map((k) => sql.identifier(k)), sql`, `);
        const values = sql.join(Object.values(cols).map((v) => sql`${v}`), sql`, `);
        const rows = rowsOf<{ id: number }>(
          await db.execute(sql`
            WITH a AS (INSERT INTO alerts (${names}) VALUES (${values}) RETURNING id, revision)
            ${initialState(armed)}
            RETURNING alert_id AS id`),
        );
        return (await one(Number(rows[0]?.id))) as StoredAlert;
      }),

    update: (id, patch, rearm) =>
      guard('update alert', async () => {
        if (!validId(id)) return null;
        const cols = settingColumns(patch);
        const sets = Object.entries(cols).map(([k, v]) => sql`${sql.identifier(k)} = ${v}`);
        sets.push(sql`updated_at = now()`);
        if (rearm) sets.push(sql`revision = revision + 1`);
        const updated = sql`UPDATE alerts SET ${sql.join(sets, sql`, `)} WHERE id = ${id} RETURNING id, revision`;
        const rows = rowsOf<{ id: number }>(
          await db.execute(
            rearm
              ? sql`WITH a AS (${updated}) ${initialState(rearm.armed)} RETURNING alert_id AS id`
              : updated,
          ),
        );
        return rows.length > 0 ? one(id) : null;
      }),

    remove: (id) =>
      guard('delete alert', async () => {
        if (!validId(id)) return false;
        return rowsOf(await db.execute(sql`DELETE FROM alerts WHERE id = ${id} RETURNING id`)).length > 0;
      }),

    count: () => guard('count alerts', async () => Number(rowsOf<{ n: string }>(await db.execute(sql`SELECT count(*) AS n FROM alerts`))[0]?.n ?? 0)),

    activeSymbols: () =>
      guard('read alert symbols', async () =>
        rowsOf<{ symbol: string }>(await db.execute(sql`SELECT DISTINCT symbol FROM alerts WHERE enabled ORDER BY symbol`)).map((r) => r.symbol),
      ),

    version: () =>
      guard('read alerts version', async () => {
        const r = rowsOf<{ v: string }>(
          await db.execute(sql`SELECT count(*)::text || ':' || coalesce(max(extract(epoch from updated_at))::text, '') || ':' || coalesce(max(id)::text, '') AS v FROM alerts`),
        )[0];
        return r?.v ?? '';
      }),

    saveStates: (states) =>
      guard('save alert states', async () => {
        if (states.length === 0) return;
        const rows = states.map(
          (s) =>
            sql`(${s.alertId}::int, ${s.revision}::int, ${s.armed}::boolean, ${s.done}::boolean, ${s.cooldownUntil}::float8, ${s.lastFiredAt}::float8, ${s.fireCount}::int)`,
        );
        await db.execute(sql`
          INSERT INTO alert_state (alert_id, revision, armed, done, cooldown_until, last_fired_at, fire_count)
          SELECT v.id, v.rev, v.armed, v.done, to_timestamp(v.cd), to_timestamp(v.lf), v.n
          FROM (VALUES ${sql.join(rows, sql`, `)}) AS v (id, rev, armed, done, cd, lf, n)
          JOIN alerts a ON a.id = v.id AND a.revision = v.rev
          ON CONFLICT (alert_id) DO UPDATE SET revision = EXCLUDED.revision, armed = EXCLUDED.armed, done = EXCLUDED.done,
            cooldown_until = EXCLUDED.cooldown_until, last_fired_at = EXCLUDED.last_fired_at, fire_count = EXCLUDED.fire_count`);
      }),
  };
}
