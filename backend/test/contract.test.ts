// The contract hook (support/contract.ts) that the HTTP helpers run on every answer: it must refuse
// what the OpenAPI document does not state, or the contract tests would pass on anything.
import { describe, expect, it } from 'vitest';
import { makeHolding } from './fixtures/factories.ts';
import type { Tick } from '@tickstream/shared';
import { fakeStore, startHarness, tick } from './portfolio-support.ts';
import { createContract, type Observed } from './support/contract.ts';

const contract = createContract();
const json = (body: unknown) => JSON.stringify(body);
const answer = (over: Partial<Observed>): Observed => ({ method: 'GET', path: '/api/portfolio/holdings', status: 200, contentType: 'application/json; charset=utf-8', body: json({ holdings: [makeHolding()] }), ...over });
const error = (code: string, message = 'no') => json({ error: { code, message } });

describe('the contract hook', () => {
  it('accepts answers as documented: a body, an error, a 204, a text route and an unmatched 404', () => {
    expect(contract.violations(answer({}))).toEqual([]);
    expect(contract.violations(answer({ method: 'PUT', path: '/api/portfolio/holdings/7', status: 404, body: error('HOLDING_NOT_FOUND') }))).toEqual([]);
    expect(contract.violations(answer({ method: 'DELETE', path: '/api/portfolio/holdings/7', status: 204, contentType: '', body: '' }))).toEqual([]);
    expect(contract.violations(answer({ path: '/metrics', contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '# HELP x\n' }))).toEqual([]);
    expect(contract.violations(answer({ path: '/api/nope?x=1', status: 404, body: error('NOT_FOUND') }))).toEqual([]);
    expect(contract.violations(answer({ path: '/', contentType: 'text/html', body: '<p>page' }))).toEqual([]);
  });

  it('refuses a field the document does not have', () => {
    const found = contract.violations(answer({ body: json({ holdings: [{ ...makeHolding(), secret: 'x' }] }) }));
    expect(found).toEqual([expect.stringMatching(/body\/holdings\/0 must NOT have additional properties .*"secret"/)]);
    expect(contract.violations(answer({ body: json({ holdings: [], total: 1 }) }))).toHaveLength(1);
  });

  it('refuses an error code the route does not document, even one that exists elsewhere', () => {
    const foreign = contract.violations(answer({ method: 'POST', status: 400, body: error('INVALID_SYMBOL') }));
    expect(foreign).toEqual([expect.stringMatching(/POST \/api\/portfolio\/holdings answered 400: body\/error\/code must be equal to one of the allowed values/)]);
    expect(contract.violations(answer({ method: 'POST', status: 400, body: error('MADE_UP') }))).toHaveLength(1);
    expect(contract.violations(answer({ method: 'POST', status: 400, body: error('INVALID_HOLDING') }))).toEqual([]);
  });

  it('refuses a status, a media type or an error body the document does not list', () => {
    expect(contract.violations(answer({ path: '/api/quotes', status: 418, body: error('INTERNAL') }))).toEqual([expect.stringMatching(/status 418 is not documented for GET \/api\/quotes/)]);
    expect(contract.violations(answer({ path: '/metrics', contentType: 'application/json', body: '{}' }))).toEqual([expect.stringMatching(/as "application\/json"/)]);
    expect(contract.violations(answer({ path: '/api/nope', status: 200, body: '{}' }))).toEqual([expect.stringMatching(/not documented for an undocumented route/)]);
    expect(contract.violations(answer({ status: 503, body: json({ error: { code: 'STORE_UNAVAILABLE' } }) }))).toEqual([expect.stringMatching(/must have required property 'message'/)]);
  });

  it('runs inside the HTTP helpers: an answer with an undocumented field fails the request', async () => {
    const store = fakeStore();
    await store.holdings.create({ symbol: 'AAPL', quantity: '1', costPerShare: '100', note: null, acquiredOn: null });
    const api = await startHarness(store);
    try {
      expect((await api.send('GET', '/api/portfolio')).status).toBe(200);
      api.live.ticks.set('AAPL', { ...tick('AAPL', 101), secret: 'x' } as Tick);
      await expect(api.send('GET', '/api/portfolio')).rejects.toThrow(/answer not in \/api\/openapi.json:[\s\S]*body\/ticks\/0 must NOT have additional properties .*"secret"/);
    } finally {
      await api.close();
    }
  });
});
