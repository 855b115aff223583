// The alert repository's part of the store conformance suite (store-conformance.ts calls it, so it
// runs on PGlite, PGlite + TimescaleDB, PostgreSQL and the TimescaleDB servers). Every test makes its
// own alerts and only looks at those.
import { expect, it } from 'vitest';
import type { AlertSettings, NewFiring, Store, StoredAlert } from '../src/store/types.ts';
import { StoreError } from '../src/store/errors.ts';
import { makeAlert } from './fixtures/factories.ts';

/** An alert's settings (makeAlert's, on symbol ALRT). */
export function alertSettings(over: Partial<AlertSettings> = {}): AlertSettings {
  const { id: _id, revision: _revision, state: _state, createdAt: _c, updatedAt: _u, ...settings } = makeAlert({ symbol: 'ALRT', ...over });
  return settings;
}

const firing = (a: StoredAlert, tickTime: number, over: Partial<NewFiring> = {}): NewFiring => ({
  state: { alertId: a.id, revision: a.revision, armed: false, done: a.repeat === 'once', cooldownUntil: null, lastFiredAt: tickTime, fireCount: 1 },
  symbol: a.symbol,
  condition: a.condition,
  note: a.note,
  price: 202,
  observed: null,
  tickTime,
  firedAtMs: tickTime * 1000 + 123,
  webhookUrl: 'http://127.0.0.1:9/hook',
  webhookFormat: 'generic',
  outboxAtMs: tickTime * 1000 + 123,
  ...over,
});

export function alertStoreCases(store: () => Store): void {
  it('round-trips every alert condition through its typed columns', async () => {
    const conditions: AlertSettings['condition'][] = [
      { type: 'price_below', value: 0.0001 },
      { type: 'change_percent_above', value: -2.5 },
      { type: 'move_percent', value: 3, windowMinutes: 15, direction: 'down' },
      { type: 'sma_cross_below', period: 50, interval: '1d' },
    ];
    for (const condition of conditions) {
      const created = await store().alerts.create(alertSettings({ condition, note: 'n', webhookUrl: 'https://ntfy.sh/x', webhookFormat: 'ntfy' }), null);
      expect(await store().alerts.get(created.id)).toEqual(created);
      expect(created).toMatchObject({ condition, note: 'n', webhookUrl: 'https://ntfy.sh/x', webhookFormat: 'ntfy', revision: 1 });
      expect(created.state).toEqual({ armed: null, done: false, cooldownUntil: null, lastFiredAt: null, fireCount: 0 });
    }
  });

  it('refuses NaN, Infinity and out-of-range levels with STORE_CONSTRAINT even past the API', async () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 0, -1]) {
      const err = await store().alerts.create(alertSettings({ condition: { type: 'price_above', value } }), null).catch((e: unknown) => e);
      expect(err, String(value)).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toMatch(/^STORE_(CONSTRAINT|INVALID_VALUE)$/);
    }
  });

  it('edits, re-arms on a new revision, lists active symbols and deletes', async () => {
    const a = await store().alerts.create(alertSettings({ symbol: 'ALRTB' }), true);
    expect(a.state?.armed).toBe(true);
    expect(await store().alerts.activeSymbols()).toContain('ALRTB');
    const before = await store().alerts.version();
    const noted = await store().alerts.update(a.id, { note: 'hi' }, null);
    expect(noted).toMatchObject({ note: 'hi', revision: 1, state: { armed: true } });
    const moved = await store().alerts.update(a.id, { condition: { type: 'price_below', value: 10 }, enabled: false }, { armed: false });
    expect(moved).toMatchObject({ revision: 2, enabled: false, state: { armed: false, fireCount: 0 } });
    expect(await store().alerts.activeSymbols()).not.toContain('ALRTB');
    expect(await store().alerts.version()).not.toBe(before);
    expect(await store().alerts.update(2_000_000_000, { note: 'x' }, null)).toBeNull();
    expect(await store().alerts.remove(a.id)).toBe(true);
    expect(await store().alerts.remove(a.id)).toBe(false);
    expect(await store().alerts.get(a.id)).toBeNull();
  });

  it('drops arm state written for an older revision', async () => {
    const a = await store().alerts.create(alertSettings(), null);
    await store().alerts.update(a.id, { condition: { type: 'price_above', value: 300 } }, { armed: null });
    await store().alerts.saveStates([{ alertId: a.id, revision: 1, armed: true, done: false, cooldownUntil: null, lastFiredAt: null, fireCount: 0 }]);
    expect((await store().alerts.get(a.id))?.state?.armed).toBeNull();
    await store().alerts.saveStates([{ alertId: a.id, revision: 2, armed: true, done: false, cooldownUntil: 1_700_000_100, lastFiredAt: null, fireCount: 0 }]);
    expect((await store().alerts.get(a.id))?.state).toMatchObject({ armed: true, cooldownUntil: 1_700_000_100 });
  });

  it('stores a firing once per alert and tick, with its state, and not for an edited alert', async () => {
    const a = await store().alerts.create(alertSettings(), true);
    const event = await store().alerts.fire(firing(a, 1_700_000_000));
    expect(event).toMatchObject({ alertId: a.id, symbol: 'ALRT', price: 202, tickTime: 1_700_000_000, firedAtMs: 1_700_000_000_123, delivery: 'pending', attempts: [] });
    expect(await store().alerts.fire(firing(a, 1_700_000_000))).toBeNull();
    expect((await store().alerts.get(a.id))?.state).toMatchObject({ armed: false, done: true, fireCount: 1, lastFiredAt: 1_700_000_000 });
    await store().alerts.update(a.id, { condition: { type: 'price_above', value: 250 } }, { armed: null });
    expect(await store().alerts.fire(firing(a, 1_700_000_060))).toBeNull();
    const { events } = await store().alerts.events({ alertId: a.id, limit: 10 });
    expect(events.map((e) => e.tickTime)).toEqual([1_700_000_000]);
  });

  it('keeps the delivery outbox: due events, attempts recorded, delivered ones leave it', async () => {
    const a = await store().alerts.create(alertSettings({ symbol: 'ALRTD' }), true);
    const event = (await store().alerts.fire(firing(a, 1_700_000_000)))!;
    const due = (await store().alerts.dueDeliveries(1_700_000_000_500, 100)).filter((j) => j.event.alertId === a.id);
    expect(due).toEqual([{ event: { ...event, attempts: [] }, webhookUrl: 'http://127.0.0.1:9/hook', webhookFormat: 'generic', attempts: 0 }]);
    await store().alerts.recordAttempt(event.id, { attempt: 1, atMs: 1_700_000_000_200, outcome: 'http_error', httpStatus: 500, error: 'HTTP 500', durationMs: 3.5 }, { delivery: 'pending', nextAttemptAtMs: 1_700_000_002_000 });
    expect((await store().alerts.dueDeliveries(1_700_000_001_000, 100)).some((j) => j.event.id === event.id)).toBe(false);
    const later = (await store().alerts.dueDeliveries(1_700_000_002_000, 100)).find((j) => j.event.id === event.id);
    expect(later?.attempts).toBe(1);
    await store().alerts.recordAttempt(event.id, { attempt: 2, atMs: 1_700_000_002_100, outcome: 'delivered', httpStatus: 204, error: null, durationMs: 1 }, { delivery: 'delivered', nextAttemptAtMs: null });
    expect((await store().alerts.dueDeliveries(1_800_000_000_000, 100)).some((j) => j.event.id === event.id)).toBe(false);
    const [stored] = (await store().alerts.events({ alertId: a.id, limit: 10 })).events;
    expect(stored?.delivery).toBe('delivered');
    expect(stored?.attempts.map((x) => [x.attempt, x.outcome, x.httpStatus])).toEqual([[1, 'http_error', 500], [2, 'delivered', 204]]);
  });

  it('pages events: newest first, before, and since oldest first', async () => {
    const a = await store().alerts.create(alertSettings({ symbol: 'ALRTP', repeat: 'every' }), true);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await store().alerts.fire(firing(a, 1_700_000_000 + i, { webhookUrl: null })))!.id);
    const page = await store().alerts.events({ alertId: a.id, limit: 2 });
    expect(page.events.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect(page.events[0]?.delivery).toBe('none');
    expect(page.latestId).toBeGreaterThanOrEqual(ids[2]!);
    expect((await store().alerts.events({ alertId: a.id, limit: 5, before: ids[1] })).events.map((e) => e.id)).toEqual([ids[0]]);
    expect((await store().alerts.events({ alertId: a.id, limit: 5, since: ids[0] })).events.map((e) => e.id)).toEqual([ids[1], ids[2]]);
  });
}
