import { describe, expect, it, vi } from 'vitest';
import type { PortfolioResponse, SourceStatus, Tick } from '@tickstream/shared';
import { makeTick } from '../../../../backend/test/fixtures/factories.ts';
import { ApiError } from '../api/send.ts';
import { tokenStore, TOKEN_KEY } from '../api/token.ts';
import { PortfolioApi } from './api.ts';
import { fieldErrors, requestBody } from './form.ts';
import { recordsFrom, valuate } from './model.ts';

const NOW = 1_738_594_800;
const tick = (symbol: string, price: number, over: Partial<Tick> = {}): Tick => makeTick({ symbol, time: NOW - 5, price, ...over });
const row = (id: number, symbol: string, quantity: string, costPerShare: string) => ({
  id, symbol, quantity, costPerShare, note: null, acquiredOn: null,
});
const response = (over: Partial<PortfolioResponse> = {}): PortfolioResponse =>
  ({
    holdings: [row(1, 'AAPL', '10', '150'), row(2, 'SAP.DE', '2', '100')],
    totals: {}, otherCurrencies: [], ticks: [tick('AAPL', 160, { previousClose: 155 })], status: null,
    asOf: NOW, staleAfterSeconds: 300, ...over,
  }) as PortfolioResponse;

describe('portfolio figures', () => {
  const inputs = (ticks: Tick[], status: SourceStatus | null = null) => {
    const map = new Map(ticks.map((t) => [t.symbol, t]));
    return { records: recordsFrom(response()), tickOf: (s: string) => map.get(s), status, nowSeconds: NOW, staleAfterSeconds: 300 };
  };

  it('re-values every figure from the latest tick of each held symbol', () => {
    expect(valuate(inputs([tick('AAPL', 160, { previousClose: 155 })])).totals.marketValue).toBe('1600.00');
    const v = valuate(inputs([tick('AAPL', 161, { previousClose: 155 })]));
    expect(v.holdings[0]).toMatchObject({ marketValue: '1610.00', dayChange: '60.00', unrealizedPnl: '110.00' });
    expect(v.totals.marketValue).toBe('1610.00');
    expect(v.holdings[1]).toMatchObject({ symbol: 'SAP.DE', price: null, stale: true });
  });

  it('keeps a non-USD holding out of the USD totals', () => {
    const ticks = [tick('AAPL', 160), tick('SAP.DE', 200, { currency: 'EUR' })];
    const v = valuate(inputs(ticks));
    expect(v.totals.marketValue).toBe('1600.00');
    expect(v.otherCurrencies[0]).toMatchObject({ currency: 'EUR', marketValue: '400.00' });
  });

  it('marks quotes stale when the source status says so', () => {
    const status = { state: 'degraded', source: 's', lastSuccessAtMs: null, lastError: null, nextAttemptAtMs: null, stale: true, symbolErrors: {}, backfill: { done: 0, total: 0, running: false } } as const;
    expect(valuate(inputs([tick('AAPL', 160)], status)).holdings[0]?.stale).toBe(true);
  });
});

describe('PortfolioApi', () => {
  const memoryStorage = () => {
    const data = new Map<string, string>();
    return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k), data };
  };

  it('sends the stored token as a bearer on writes only', async () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_KEY, 'secret-token-123456');
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ id: 1 }), { status: 201 }));
    const api = new PortfolioApi(fetchFn, tokenStore(storage));
    await api.create({ symbol: 'AAPL', quantity: '1', costPerShare: '1' });
    const calls = fetchFn.mock.calls as unknown as [string, RequestInit][];
    expect((calls[0]?.[1].headers as Record<string, string>).authorization).toBe('Bearer secret-token-123456');
    fetchFn.mockResolvedValueOnce(new Response('{}', { status: 200 }));
    await api.portfolio();
    expect((calls[1]?.[1].headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('surfaces API errors with their fields and forgets a token the server refuses', async () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_KEY, 'stale-token-1234567');
    const body = { error: { code: 'UNAUTHORIZED', message: 'needs the API token' } };
    const api = new PortfolioApi(async () => new Response(JSON.stringify(body), { status: 401 }), tokenStore(storage));
    await expect(api.remove(3)).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(storage.data.has(TOKEN_KEY)).toBe(false);
    const invalid = { error: { code: 'INVALID_HOLDING', message: 'quantity must be greater than zero', fields: { quantity: 'must be greater than zero' } } };
    const api2 = new PortfolioApi(async () => new Response(JSON.stringify(invalid), { status: 400 }), tokenStore(undefined));
    const err = await api2.create({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(fieldErrors((err as ApiError).fields, (err as ApiError).message)).toEqual({ quantity: 'must be greater than zero' });
  });

  it('asks for the value history of a range and benchmark, and refuses an answer that is not one', async () => {
    const urls: string[] = [];
    const good = { range: '1y', interval: '1d', currency: 'USD', points: [], benchmark: { symbol: 'QQQ', points: [] }, excluded: [] };
    const api = new PortfolioApi(async (url) => {
      urls.push(url);
      return new Response(JSON.stringify(urls.length === 1 ? good : { points: 'no' }), { status: 200 });
    }, tokenStore(undefined));
    expect(await api.history('1y', 'QQQ')).toEqual(good);
    expect(urls).toEqual(['/api/portfolio/history?range=1y&benchmark=QQQ']);
    await expect(api.history('1y', 'QQQ')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('holding form', () => {
  it('sends numbers as the exact strings typed and clears empty optional fields', () => {
    expect(requestBody({ symbol: ' aapl ', quantity: ' 0.1 ', costPerShare: '33.33', note: '  ', acquiredOn: '' }))
      .toEqual({ symbol: 'aapl', quantity: '0.1', costPerShare: '33.33', note: null, acquiredOn: null });
  });

  it('puts messages without a field on the form itself', () => {
    expect(fieldErrors({}, 'Holding not found')).toEqual({ form: 'Holding not found' });
    expect(fieldErrors({ _: 'give at least one field' }, 'x')).toEqual({ form: 'give at least one field' });
  });
});
