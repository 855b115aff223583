// /api/alerts on the real app and store (PGlite) with a scripted quote source: the minimal
// request, a crossing fired by a real poll, the live `alert` message, the webhook, the events page,
// validation, the write guard, the cap and the test delivery. Every answer is checked against the
// OpenAPI document (rawRequest's contract hook).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { AlertEvent, Tick } from '@tickstream/shared';
import { createApp, type App } from '../src/app.ts';
import { createBus } from '../src/bus/index.ts';
import type { Bus } from '../src/bus/types.ts';
import type { QuoteSource } from '../src/sources/types.ts';
import { openMemoryStore } from './support/memory-store.ts';
import type { Store } from '../src/store/types.ts';
import { makeTick, plainSourceParts } from './fixtures/factories.ts';
import { connect, eventually, settled } from './live-helpers.ts';
import { rawRequest } from './raw-http.ts';
import { testConfig } from './support/services.ts';
import { PGLITE_OPEN_MS, startReceiver, type Receiver } from './support/webhook-receiver.ts';

const TOKEN = 'test-token-0123456789';
const prices = new Map<string, number>([['AAPL', 200]]);
let lastTime = 0;
/** Quotes at the scripted prices, each poll one second newer (REGULAR session). */
const scripted: QuoteSource = {
  name: 'simulated',
  async fetchQuotes(symbols) {
    lastTime = Math.max(lastTime + 1, Math.floor(Date.now() / 1000));
    const ticks: Tick[] = symbols.filter((s) => prices.has(s)).map((symbol) => makeTick({ symbol, time: lastTime, price: prices.get(symbol) as number, previousClose: 190 }));
    return { ticks, problems: [] };
  },
  fetchBars: async () => [],
  ...plainSourceParts,
};

let store: Store;
let bus: Bus;
let app: App;
let port: number;
let receiver: Receiver;

const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  rawRequest(port, {
    method,
    path,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then((r) => ({ ...r, json: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : null }));

beforeAll(async () => {
  receiver = await startReceiver(200);
  store = await openMemoryStore();
  const config = testConfig({ WATCHLIST: 'AAPL', POLL_INTERVAL_SECONDS: '1', BACKFILL_DAYS: '0', API_TOKEN: TOKEN, MAX_ALERTS: '4', ALERT_WEBHOOK_SECRET: 'secret-0123456789abcdef' });
  const logger = pino({ level: 'silent' });
  bus = await createBus(config.redis, logger);
  app = createApp({ config, store, source: scripted, bus, logger });
  port = (await app.listen(0)).port;
  await eventually(() => app.live.latestTicks().has('AAPL'), 10_000);
}, PGLITE_OPEN_MS);

afterAll(async () => {
  await app?.close();
  await bus?.close();
  await store?.close();
  await receiver?.close();
});

describe('/api/alerts', () => {
  it("takes the issue's minimal request as written, fires on the crossing, publishes it live, delivers the webhook and lists the event", async () => {
    const client = await connect(`ws://127.0.0.1:${port}/ws`);
    client.send({ type: 'subscribe', symbols: ['MSFT'] }); // alerts reach every client, whatever it follows
    const res = await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_above', value: 201.5 }, webhookUrl: receiver.url });
    expect(res.status).toBe(201);
    const alert = res.json as { id: number; status: string };
    expect(res.headers.location).toBe(`/api/alerts/${alert.id}`);
    expect(alert).toMatchObject({ symbol: 'AAPL', repeat: 'once', marketHours: 'regular', enabled: true, webhookFormat: 'generic', status: 'armed', fireCount: 0 });

    prices.set('AAPL', 202);
    const live = await client.next('alert', 10_000);
    expect(live.event).toMatchObject({ alertId: alert.id, symbol: 'AAPL', price: 202, condition: { type: 'price_above', value: 201.5 } });
    await eventually(() => receiver.accepted().length === 1, 10_000);
    const body = JSON.parse(receiver.requests[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ symbol: 'AAPL', condition: { type: 'price_above', value: 201.5 }, price: 202, alertId: alert.id, eventId: live.event.id });

    await eventually(async () => ((await api('GET', '/api/alerts/events')).json!.events as AlertEvent[])[0]?.delivery === 'delivered', 5000);
    const events = (await api('GET', '/api/alerts/events')).json!;
    expect(events.latestId).toBe(live.event.id);
    expect((events.events as AlertEvent[])[0]).toMatchObject({ id: live.event.id, attempts: [{ attempt: 1, outcome: 'delivered', httpStatus: 200 }] });
    await eventually(async () => ((await api('GET', '/api/alerts')).json!.alerts as { id: number; status: string }[]).find((a) => a.id === alert.id)?.status === 'done', 5000);
    // price stays above: nothing more
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.requests).toHaveLength(1);
    await client.close();
  });

  it('replays a missed alert exactly once to a client resuming from its stream position', async () => {
    const first = await connect(`ws://127.0.0.1:${port}/ws`);
    first.send({ type: 'subscribe', symbols: ['AAPL'] });
    await first.next('tick', 10_000);
    await first.close();
    const seen = first.published().at(-1)!;
    const res = await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_below', value: 195 }, repeat: 'every' });
    const id = (res.json as { id: number }).id;
    prices.set('AAPL', 190);
    await eventually(async () => ((await api('GET', `/api/alerts/events?alertId=${id}`)).json!.events as unknown[]).length === 1, 10_000);
    prices.set('AAPL', 202);

    const back = await connect(`ws://127.0.0.1:${port}/ws`);
    back.send({ type: 'subscribe', symbols: ['AAPL'], resume: { epoch: first.epoch(), offset: seen.offset } });
    expect((await back.next('resumed', 5000)).recovered).toBe(true);
    await settled(back);
    const alerts = back.published().filter((m) => m.type === 'alert' && m.event.alertId === id);
    expect(alerts).toHaveLength(1);
    await back.close();
  });

  it('does not fire an alert created with the price already past its level (price_below likewise)', async () => {
    const res = await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_below', value: 250 }, webhookUrl: receiver.url });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: 'rearming' });
    const before = receiver.requests.length;
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.requests.length).toBe(before);
    await api('DELETE', `/api/alerts/${(res.json as { id: number }).id}`);
  });

  it('polls the symbol of an enabled alert and stops when it is disabled', async () => {
    const res = await api('POST', '/api/alerts', { symbol: 'nvda', condition: { type: 'change_percent_below', value: -5 }, note: '  dip  ' });
    expect(res.json).toMatchObject({ symbol: 'NVDA', note: 'dip', webhookUrl: null });
    const id = (res.json as { id: number }).id;
    expect(app.poller.symbols()).toContain('NVDA');
    const off = await api('PATCH', `/api/alerts/${id}`, { enabled: false });
    expect(off.json).toMatchObject({ enabled: false, status: 'disabled' });
    expect(app.poller.symbols()).not.toContain('NVDA');
    expect((await api('DELETE', `/api/alerts/${id}`)).status).toBe(204);
    expect((await api('DELETE', `/api/alerts/${id}`)).json).toMatchObject({ error: { code: 'ALERT_NOT_FOUND' } });
  });

  it('answers typed 400s naming each bad field', async () => {
    const bad = await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_above', value: -1 }, webhookUrl: 'http://169.254.169.254/latest', repeat: 'twice' });
    expect(bad.status).toBe(400);
    const error = (bad.json as { error: { code: string; fields: Record<string, string> } }).error;
    expect(error.code).toBe('INVALID_ALERT');
    expect(Object.keys(error.fields).sort()).toEqual(['condition.value', 'repeat', 'webhookUrl']);
    expect((await api('POST', '/api/alerts', { condition: { type: 'price_above', value: 1 } })).json).toMatchObject({ error: { code: 'INVALID_ALERT', fields: { symbol: 'is required' } } });
    expect((await api('PATCH', '/api/alerts/abc', { enabled: true })).json).toMatchObject({ error: { code: 'INVALID_ID' } });
    expect((await api('PATCH', '/api/alerts/1', {})).json).toMatchObject({ error: { code: 'INVALID_ALERT' } });
    expect((await api('GET', '/api/alerts/events?limit=0')).json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('guards writes like the portfolio: the token, and same-site only', async () => {
    const body = { symbol: 'AAPL', condition: { type: 'price_above', value: 300 } };
    expect((await api('POST', '/api/alerts', body, { Authorization: 'Bearer wrong-token-000000' })).status).toBe(401);
    const cross = await api('POST', '/api/alerts', body, { Origin: 'https://evil.example' });
    expect(cross.json).toMatchObject({ error: { code: 'CROSS_SITE_WRITE' } });
    expect((await api('GET', '/api/alerts', undefined, { Authorization: '' })).status).toBe(200);
  });

  it('refuses one alert past MAX_ALERTS with 409', async () => {
    const have = ((await api('GET', '/api/alerts')).json!.alerts as unknown[]).length;
    for (let i = have; i < 4; i++) expect((await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_above', value: 500 + i } })).status).toBe(201);
    const over = await api('POST', '/api/alerts', { symbol: 'AAPL', condition: { type: 'price_above', value: 999 } });
    expect(over.status).toBe(409);
    expect(over.json).toMatchObject({ error: { code: 'TOO_MANY_ALERTS' } });
  });

  it('sends a test delivery to the alert webhook, and 409 NO_WEBHOOK without one', async () => {
    const { alerts } = (await api('GET', '/api/alerts')).json as { alerts: { id: number; webhookUrl: string | null }[] };
    const withHook = alerts.find((a) => a.webhookUrl !== null)!;
    const res = await api('POST', `/api/alerts/${withHook.id}/test`);
    expect(res.json).toMatchObject({ delivered: true, url: receiver.url, attempt: { outcome: 'delivered', httpStatus: 200 } });
    expect(JSON.parse(receiver.requests.at(-1)!.body)).toMatchObject({ type: 'alert.test', symbol: 'AAPL' });
    const without = alerts.find((a) => a.webhookUrl === null)!;
    expect((await api('POST', `/api/alerts/${without.id}/test`)).json).toMatchObject({ error: { code: 'NO_WEBHOOK' } });
  });
});
