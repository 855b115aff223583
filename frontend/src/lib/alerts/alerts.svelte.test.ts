import { describe, expect, it, vi } from 'vitest';
import type { AlertsApi } from '../api/alerts.ts';
import { ApiError } from '../api/send.ts';
import { AlertsState } from './alerts.svelte.ts';
import { emptyForm } from './form.ts';
import { fakeConnection, makeAlert, makeEvent } from './fakes.ts';

function fakeApi(over: Partial<AlertsApi> = {}) {
  const api = {
    list: vi.fn(async () => ({ alerts: [makeAlert({ id: 1 }), makeAlert({ id: 2, symbol: 'MSFT' })], max: 500 })),
    create: vi.fn(async () => makeAlert()),
    update: vi.fn(async () => makeAlert()),
    remove: vi.fn(async () => {}),
    test: vi.fn(),
    events: vi.fn(),
    setToken: vi.fn(),
    ...over,
  };
  return api as unknown as AlertsApi & typeof api;
}

describe('AlertsState', () => {
  it("loads the list, and on a symbol page keeps only that symbol's alerts", async () => {
    const all = new AlertsState(fakeApi());
    const aapl = new AlertsState(fakeApi(), { symbol: 'AAPL' });
    await Promise.all([all.refresh(), aapl.refresh()]);
    expect(all.alerts.map((a) => a.id)).toEqual([1, 2]);
    expect(aapl.alerts.map((a) => a.id)).toEqual([1]);
    expect(all.max).toBe(500);
  });

  it('creates an alert for the symbol from the form and reloads the list', async () => {
    const api = fakeApi();
    const state = new AlertsState(api);
    expect(await state.save({ ...emptyForm(), value: '201.5' }, { symbol: 'AAPL' })).toBeNull();
    expect(api.create).toHaveBeenCalledWith(expect.objectContaining({ symbol: 'AAPL', condition: { type: 'price_above', value: 201.5 } }));
    expect(api.list).toHaveBeenCalledOnce();
  });

  it("returns the API's field errors for the form, keyed by input", async () => {
    const refused = new ApiError(400, 'INVALID_ALERT', 'condition.value: must be greater than zero', { fields: { 'condition.value': 'must be greater than zero' } });
    const state = new AlertsState(fakeApi({ create: vi.fn(async () => Promise.reject(refused)) }));
    expect(await state.save({ ...emptyForm(), value: '-1' }, { symbol: 'AAPL' })).toEqual({ value: 'must be greater than zero' });
  });

  it('asks for the API token on a 401 and retries the same write with it', async () => {
    const update = vi.fn().mockRejectedValueOnce(new ApiError(401, 'UNAUTHORIZED', 'needs the API token')).mockResolvedValueOnce(makeAlert());
    const api = fakeApi({ update });
    const state = new AlertsState(api);
    expect(await state.setEnabled(1, false)).toEqual({ form: 'This server needs its API token to change alerts.' });
    expect(state.needsToken).toBe(true);
    expect(await state.provideToken('secret-token')).toBeNull();
    expect(api.setToken).toHaveBeenCalledWith('secret-token');
    expect(update).toHaveBeenLastCalledWith(1, { enabled: false });
    expect(state.needsToken).toBe(false);
  });

  it('reloads the list shortly after a firing of its symbol (status and last fired change), once per burst', async () => {
    vi.useFakeTimers();
    try {
      const api = fakeApi();
      const connection = fakeConnection();
      const state = new AlertsState(api, { symbol: 'AAPL', refreshDelayMs: 100 });
      const stop = state.start(connection);
      expect(api.list).toHaveBeenCalledTimes(1);
      connection.emitAlert(makeEvent({ symbol: 'MSFT' }));
      await vi.advanceTimersByTimeAsync(200);
      expect(api.list).toHaveBeenCalledTimes(1);
      connection.emitAlert(makeEvent({ id: 2, symbol: 'AAPL' }));
      connection.emitAlert(makeEvent({ id: 3, symbol: 'AAPL' }));
      await vi.advanceTimersByTimeAsync(200);
      expect(api.list).toHaveBeenCalledTimes(2);
      stop();
      expect(connection.listeners).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a send test outcome or why it could not be sent', async () => {
    const attempt = { attempt: 1, atMs: 0, outcome: 'delivered' as const, httpStatus: 200, error: null, durationMs: 12 };
    const ok = new AlertsState(fakeApi({ test: vi.fn(async () => ({ delivered: true, url: 'http://x/', attempt })) }));
    expect(await ok.test(1)).toEqual({ result: { delivered: true, url: 'http://x/', attempt } });
    const none = new AlertsState(fakeApi({ test: vi.fn(async () => Promise.reject(new ApiError(409, 'NO_WEBHOOK', 'no webhook URL for this alert'))) }));
    expect(await none.test(1)).toEqual({ error: 'no webhook URL for this alert' });
  });
});
