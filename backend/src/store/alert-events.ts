// Alert firings and their webhook deliveries. A firing is one statement: the event (unique per alert
// and tick time) and the arm state are written together, and only while the alert still has the
// revision the evaluator saw, so an edit or delete racing a firing wins cleanly. Pending events are
// the delivery outbox the evaluating instance scans (dueDeliveries), also after a failover.
import { sql } from 'drizzle-orm';
import type { AlertCondition, AlertEvent, DeliveryAttempt, DeliveryOutcome, DeliveryState, WebhookFormat } from '@tickstream/shared';
import type { AlertRepository, DeliveryJob } from './types.ts';
import { rowsOf, type Db } from './db.ts';
import { guard } from './errors.ts';

interface EventRow {
  id: string | number;
  alert_id: number;
  symbol: string;
  condition: AlertCondition | string;
  note: string | null;
  price: number;
  observed: number | null;
  tick_time: string | number;
  fired_at_ms: string | number;
  webhook_url: string | null;
  webhook_format: WebhookFormat;
  delivery: DeliveryState;
  attempts?: string | number;
}

interface AttemptRow {
  event_id: string | number;
  attempt: number;
  at_ms: string | number;
  outcome: DeliveryOutcome;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

const EVENT_COLUMNS = sql`id, alert_id, symbol, condition, note, price, observed, extract(epoch from tick_time) AS tick_time,
  extract(epoch from fired_at) * 1000 AS fired_at_ms, webhook_url, webhook_format, delivery`;

const toEvent = (r: EventRow, attempts: DeliveryAttempt[] = []): AlertEvent => ({
  id: Number(r.id),
  alertId: r.alert_id,
  symbol: r.symbol,
  condition: typeof r.condition === 'string' ? (JSON.parse(r.condition) as AlertCondition) : r.condition,
  note: r.note,
  price: Number(r.price),
  observed: r.observed === null ? null : Number(r.observed),
  tickTime: Math.round(Number(r.tick_time)),
  firedAtMs: Math.round(Number(r.fired_at_ms)),
  delivery: r.delivery,
  attempts,
});

const toAttempt = (r: AttemptRow): DeliveryAttempt => ({
  attempt: r.attempt,
  atMs: Math.round(Number(r.at_ms)),
  outcome: r.outcome,
  httpStatus: r.http_status,
  error: r.error,
  durationMs: Number(r.duration_ms),
});

/** Unix ms as a timestamptz (null stays null). */
const atMs = (ms: number | null) => sql`to_timestamp(${ms}::float8 / 1000)`;

type EventParts = Pick<AlertRepository, 'fire' | 'events' | 'dueDeliveries' | 'recordAttempt'>;

export function createAlertEventRepository(db: Db): EventParts {
  const attemptsOf = async (ids: number[]): Promise<Map<number, DeliveryAttempt[]>> => {
    const out = new Map<number, DeliveryAttempt[]>();
    if (ids.length === 0) return out;
    const rows = rowsOf<AttemptRow>(
      await db.execute(sql`
        SELECT event_id, attempt, extract(epoch from at) * 1000 AS at_ms, outcome, http_status, error, duration_ms
        FROM alert_deliveries WHERE event_id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) ORDER BY event_id, attempt`),
    );
    for (const r of rows) {
      const id = Number(r.event_id);
      out.set(id, [...(out.get(id) ?? []), toAttempt(r)]);
    }
    return out;
  };

  return {
    fire: (f) =>
      guard('store alert firing', async () => {
        const s = f.state;
        const delivery: DeliveryState = f.webhookUrl === null ? 'none' : 'pending';
        const rows = rowsOf<EventRow>(
          await db.execute(sql`
            WITH a AS (SELECT id FROM alerts WHERE id = ${s.alertId} AND revision = ${s.revision} AND enabled FOR UPDATE),
            ev AS (
              INSERT INTO alert_events (alert_id, symbol, condition, note, price, observed, tick_time, fired_at, webhook_url, webhook_format, delivery, next_attempt_at)
              SELECT id, ${f.symbol}, ${JSON.stringify(f.condition)}::jsonb, ${f.note}, ${f.price}::float8, ${f.observed}::float8,
                     to_timestamp(${f.tickTime}::float8), ${atMs(f.firedAtMs)}, ${f.webhookUrl}, ${f.webhookFormat}, ${delivery},
                     ${delivery === 'pending' ? atMs(f.outboxAtMs) : sql`NULL`}
              FROM a
              ON CONFLICT (alert_id, tick_time) DO NOTHING
              RETURNING *
            ),
            st AS (
              INSERT INTO alert_state (alert_id, revision, armed, done, cooldown_until, last_fired_at, fire_count)
              SELECT alert_id, ${s.revision}::int, ${s.armed}::boolean, ${s.done}::boolean, to_timestamp(${s.cooldownUntil}::float8),
                     to_timestamp(${s.lastFiredAt}::float8), ${s.fireCount}::int FROM ev
              ON CONFLICT (alert_id) DO UPDATE SET revision = EXCLUDED.revision, armed = EXCLUDED.armed, done = EXCLUDED.done,
                cooldown_until = EXCLUDED.cooldown_until, last_fired_at = EXCLUDED.last_fired_at, fire_count = EXCLUDED.fire_count
            )
            SELECT ${EVENT_COLUMNS} FROM ev`),
        );
        return rows[0] ? toEvent(rows[0]) : null;
      }),

    events: (q) =>
      guard('read alert events', async () => {
        const filters = [q.alertId !== undefined ? sql`alert_id = ${q.alertId}` : sql`true`];
        if (q.since !== undefined) filters.push(sql`id > ${q.since}`);
        if (q.before !== undefined) filters.push(sql`id < ${q.before}`);
        const order = q.since !== undefined ? sql`id ASC` : sql`id DESC`;
        const rows = rowsOf<EventRow>(
          await db.execute(sql`SELECT ${EVENT_COLUMNS} FROM alert_events WHERE ${sql.join(filters, sql` AND `)} ORDER BY ${order} LIMIT ${q.limit}`),
        );
        const attempts = await attemptsOf(rows.map((r) => Number(r.id)));
        const latest = rowsOf<{ id: string | null }>(await db.execute(sql`SELECT max(id) AS id FROM alert_events`))[0]?.id ?? null;
        return { events: rows.map((r) => toEvent(r, attempts.get(Number(r.id)))), latestId: latest === null ? null : Number(latest) };
      }),

    dueDeliveries: (nowMs, limit) =>
      guard('read due alert deliveries', async () => {
        const rows = rowsOf<EventRow & { webhook_url: string }>(
          await db.execute(sql`
            SELECT ${EVENT_COLUMNS}, (SELECT count(*) FROM alert_deliveries d WHERE d.event_id = e.id) AS attempts
            FROM alert_events e WHERE delivery = 'pending' AND next_attempt_at <= ${atMs(nowMs)}
            ORDER BY next_attempt_at, id LIMIT ${limit}`),
        );
        return rows.map((r): DeliveryJob => ({ event: toEvent(r), webhookUrl: r.webhook_url, webhookFormat: r.webhook_format, attempts: Number(r.attempts ?? 0) }));
      }),

    recordAttempt: (eventId, a, next) =>
      guard('record alert delivery', async () => {
        await db.execute(sql`
          WITH d AS (
            INSERT INTO alert_deliveries (event_id, attempt, at, outcome, http_status, error, duration_ms)
            VALUES (${eventId}, ${a.attempt}, ${atMs(a.atMs)}, ${a.outcome}, ${a.httpStatus}, ${a.error?.slice(0, 500) ?? null}, ${a.durationMs}::float8)
            ON CONFLICT (event_id, attempt) DO NOTHING
          )
          UPDATE alert_events SET delivery = ${next.delivery},
            next_attempt_at = ${next.delivery === 'pending' ? atMs(next.nextAttemptAtMs) : sql`NULL`}
          WHERE id = ${eventId}`);
      }),
  };
}
