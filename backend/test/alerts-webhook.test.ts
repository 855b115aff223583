// Webhook delivery against a local receiver, with the real store (PGlite) as the outbox: bodies and
// formats, the HMAC signature, retries on 500 and on a hang (timeout), and the SSRF refusals.
import { createHmac } from 'node:crypto';
import type { LookupAddress } from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store, StoredAlert } from '../src/store/types.ts';
import { createDeliverer, MAX_ATTEMPTS, type DelivererDeps } from '../src/alerts/webhook/deliverer.ts';
import { guardedLookup } from '../src/alerts/webhook/post.ts';
import { alertSettings } from './store-alerts-conformance.ts';
import { eventually } from './live-helpers.ts';
import { PGLITE_OPEN_MS, startReceiver, type Receiver } from './support/webhook-receiver.ts';

const SECRET = 'a-webhook-secret-of-32-characters';
let store: Store;
let receiver: Receiver;
let tickTime = 1_700_000_000;

beforeAll(async () => {
  store = await openMemoryStore();
}, PGLITE_OPEN_MS);
afterAll(async () => {
  await store.close();
});
afterEach(async () => {
  await receiver?.close();
});

function deliverer(over: Partial<DelivererDeps> = {}) {
  return createDeliverer({ store, logger: pino({ level: 'silent' }), now: Date.now, secret: SECRET, isLeader: () => true, random: () => 0, scanMs: 50, ...over });
}

/** Stores a firing of a new alert (webhook = the receiver) and returns the delivery job. */
async function fired(over: Partial<StoredAlert> = {}, url = receiver.url) {
  const alert = await store.alerts.create(alertSettings({ note: 'buy the dip', ...over, webhookUrl: url }), true);
  tickTime += 1;
  const event = (await store.alerts.fire({
    state: { alertId: alert.id, revision: 1, armed: false, done: true, cooldownUntil: null, lastFiredAt: tickTime, fireCount: 1 },
    symbol: alert.symbol,
    condition: alert.condition,
    note: alert.note,
    price: 202.25,
    observed: null,
    tickTime,
    firedAtMs: Date.now(),
    webhookUrl: url,
    webhookFormat: alert.webhookFormat,
    outboxAtMs: Date.now(),
  }))!;
  return { event, webhookUrl: url, webhookFormat: alert.webhookFormat, attempts: 0 };
}

const stored = async (id: number) => (await store.alerts.events({ limit: 500 })).events.find((e) => e.id === id)!;

describe('alert webhooks', () => {
  it('posts the generic JSON body with the symbol, condition and price, signed over timestamp.body', async () => {
    receiver = await startReceiver(204);
    const job = await fired();
    await deliverer().deliver(job);
    const [r] = receiver.requests;
    const body = JSON.parse(r!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'alert.fired', eventId: job.event.id, alertId: job.event.alertId, symbol: 'ALRT', condition: { type: 'price_above', value: 201.5 }, price: 202.25, tickTime, note: 'buy the dip' });
    expect(r!.headers['content-type']).toBe('application/json');
    const ts = r!.headers['x-tickstream-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${r!.body}`).digest('hex')}`;
    expect(r!.headers['x-tickstream-signature']).toBe(expected);
    expect(r!.headers['x-tickstream-delivery']).toBe(String(job.event.id));
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    const e = await stored(job.event.id);
    expect(e.delivery).toBe('delivered');
    expect(e.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', httpStatus: 204, error: null })]);
  });

  it('speaks the ntfy, Discord and Slack formats', async () => {
    receiver = await startReceiver(200);
    for (const format of ['ntfy', 'discord', 'slack'] as const) await deliverer().deliver(await fired({ webhookFormat: format }));
    const [ntfy, discord, slack] = receiver.requests;
    expect(ntfy!.headers['content-type']).toMatch(/^text\/plain/);
    expect(ntfy!.body).toBe('ALRT crossed above 201.5: 202.25 (buy the dip)');
    expect(ntfy!.headers.title).toBe('Tickstream: ALRT');
    expect(JSON.parse(discord!.body)).toEqual({ content: 'ALRT crossed above 201.5: 202.25 (buy the dip)', username: 'Tickstream' });
    expect(JSON.parse(slack!.body)).toEqual({ text: 'ALRT crossed above 201.5: 202.25 (buy the dip)' });
    for (const r of receiver.requests) expect(r.headers['x-tickstream-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('retries a 500 with backoff from the outbox and records each attempt', async () => {
    receiver = await startReceiver((n) => (n < 2 ? 500 : 200));
    const d = deliverer();
    d.start();
    const job = await fired();
    await d.deliver(job);
    expect((await stored(job.event.id)).delivery).toBe('pending');
    await eventually(async () => (await stored(job.event.id)).delivery === 'delivered', 15_000);
    await d.stop();
    const e = await stored(job.event.id);
    expect(e.attempts.map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([[1, 'http_error', 500], [2, 'http_error', 500], [3, 'delivered', 200]]);
    // backoff: at least half of 1 s, then of 2 s, between attempts
    expect(e.attempts[1]!.atMs - e.attempts[0]!.atMs).toBeGreaterThanOrEqual(450);
    expect(e.attempts[2]!.atMs - e.attempts[1]!.atMs).toBeGreaterThanOrEqual(950);
    expect(new Set(receiver.requests.map((r) => r.headers['x-tickstream-delivery']))).toEqual(new Set([String(job.event.id)]));
  });

  it('gives up a request that hangs after the timeout and delivers on the retry', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 'hang' : 200));
    const d = deliverer({ post: { timeoutMs: 300 } });
    d.start();
    const job = await fired();
    await d.deliver(job);
    const first = (await stored(job.event.id)).attempts[0]!;
    expect(first).toMatchObject({ outcome: 'timeout', httpStatus: null });
    expect(first.durationMs).toBeGreaterThanOrEqual(290);
    await eventually(async () => (await stored(job.event.id)).delivery === 'delivered', 15_000);
    await d.stop();
    expect(receiver.accepted()).toHaveLength(1);
  });

  it('does not retry a 4xx answer, and stops after MAX_ATTEMPTS failures', async () => {
    receiver = await startReceiver(404);
    const job = await fired();
    await deliverer().deliver(job);
    expect(await stored(job.event.id)).toMatchObject({ delivery: 'failed', attempts: [expect.objectContaining({ outcome: 'http_error', httpStatus: 404 })] });
    receiver.answer = 503;
    const last = { ...(await fired()), attempts: MAX_ATTEMPTS - 1 };
    await deliverer().deliver(last);
    expect((await stored(last.event.id)).delivery).toBe('failed');
  });

  it('refuses link-local and metadata addresses, also when a host name resolves to one, without retrying', async () => {
    receiver = await startReceiver(200);
    const port = new URL(receiver.url).port;
    const toMetadata = ((_host: string, _opts: unknown, cb: (e: null, a: LookupAddress[]) => void) => cb(null, [{ address: '169.254.169.254', family: 4 }])) as unknown as Parameters<typeof guardedLookup>[0];
    const job = await fired({}, `http://hooks.example.test:${port}/hook`);
    await deliverer({ post: { lookup: guardedLookup(toMetadata) } }).deliver(job);
    const e = await stored(job.event.id);
    expect(e).toMatchObject({ delivery: 'failed', attempts: [expect.objectContaining({ outcome: 'refused' })] });
    expect(e.attempts[0]!.error).toContain('169.254.169.254');
    // a literal link-local URL never leaves the process (the API refuses it too; this is the last line)
    const literal = await deliverer().test('http://[fe80::1]:9/x', 'generic', job.event);
    expect(literal.outcome).toBe('refused');
    expect(receiver.requests).toEqual([]);
  });

  it('answers a test delivery without recording it', async () => {
    receiver = await startReceiver(200);
    const job = await fired();
    const attempt = await deliverer().test(receiver.url, 'generic', job.event);
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'delivered', httpStatus: 200 });
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'alert.test' });
    expect((await stored(job.event.id)).attempts).toEqual([]);
  });
});
