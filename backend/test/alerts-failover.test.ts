// Exactly one delivery per firing across instances: two real instances (processes running main.ts)
// share PostgreSQL and Redis. The polling one fires an alert and is killed right after the firing is
// stored, before its webhook request got an answer (the receiver holds it); the standby takes over,
// neither fires again nor loses the firing, and delivers it from the outbox: one accepted delivery
// per event, not zero, not two.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { eventually } from './live-helpers.ts';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/services.ts';
import { instanceCluster } from './support/instance.ts';
import { startReceiver, type Receiver } from './support/webhook-receiver.ts';

const SYMBOL = 'BTC-USD';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('alert delivery across a failover', () => {
  let cluster: Awaited<ReturnType<typeof instanceCluster>>;
  let sql: pg.Client;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver('hang');
    cluster = await instanceCluster(TEST_DATABASE_URL as string, TEST_REDIS_URL as string, { WATCHLIST: SYMBOL, ALERT_WEBHOOK_SECRET: 'failover-secret-0123456789' });
  });

  afterAll(async () => {
    await sql?.end();
    await receiver?.close();
    await cluster?.teardown();
  });

  it('delivers a firing stored just before the polling instance died exactly once, from the standby', async () => {
    const a = await cluster.start();
    await eventually(() => a.leader(), 20_000);
    const b = await cluster.start();
    expect(await b.leader()).toBe(false);
    sql = new pg.Client({ connectionString: cluster.db.url });
    await sql.connect();

    // Two alerts a hair either side of the current price: the simulated walk crosses one within seconds.
    let price = 0;
    await eventually(async () => {
      const { quotes } = (await (await fetch(`${a.url}/api/quotes`)).json()) as { quotes: { symbol: string; price: number }[] };
      price = quotes.find((q) => q.symbol === SYMBOL)?.price ?? 0;
      return price > 0;
    }, 20_000);
    for (const [type, value] of [['price_above', price * 1.00003], ['price_below', price * 0.99997]] as const) {
      const res = await fetch(`${b.url}/api/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ symbol: SYMBOL, condition: { type, value }, webhookUrl: receiver.url, marketHours: 'any' }),
      });
      expect(res.status).toBe(201);
    }

    // The moment a firing is stored, the polling instance crashes.
    await eventually(async () => (await sql.query('SELECT 1 FROM alert_events')).rowCount! > 0, 60_000);
    // Gone before the receiver answers anything: a request it sent in the few ms a kill takes (the
    // other alert's firing) would otherwise be accepted from it, unrecorded, and sent again by the
    // standby (a CI run saw two deliveries of one event).
    const exited = new Promise((resolve) => a.proc.once('exit', resolve));
    a.proc.kill('SIGKILL');
    await exited;
    const stored = (await sql.query<{ id: string }>('SELECT id FROM alert_events')).rows.map((r) => r.id);
    receiver.answer = 200;

    await eventually(() => b.leader(), 20_000);
    await eventually(async () => (await sql.query("SELECT 1 FROM alert_events WHERE delivery <> 'delivered'")).rowCount === 0, 30_000);
    // let the standby run a few more polls: it must not fire the stored ones again
    await new Promise((r) => setTimeout(r, 3000));

    const events = (await sql.query<{ id: string; alert_id: number }>('SELECT id, alert_id FROM alert_events ORDER BY id')).rows;
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.id)).toEqual(expect.arrayContaining(stored));
    expect(new Set(events.map((e) => e.alert_id)).size).toBe(events.length); // repeat 'once': one event per alert
    for (const e of events) {
      const accepted = receiver.accepted().filter((r) => r.headers['x-tickstream-delivery'] === e.id);
      expect(accepted, `event ${e.id}`).toHaveLength(1);
      const attempts = (await sql.query<{ outcome: string }>('SELECT outcome FROM alert_deliveries WHERE event_id = $1', [e.id])).rows;
      expect(attempts.map((x) => x.outcome)).toEqual(['delivered']);
    }
    const alerts = (await (await fetch(`${b.url}/api/alerts`)).json()) as { alerts: { id: number; status: string }[] };
    for (const e of events) expect(alerts.alerts.find((x) => x.id === e.alert_id)?.status).toBe('done');
  }, 150_000);
});
