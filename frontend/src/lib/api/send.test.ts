import { describe, expect, it, vi } from 'vitest';
import { ApiError, send } from './send.ts';
import { tokenStore, TOKEN_KEY } from './token.ts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** What a send() call rejected with (fails the test if it resolved). */
async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => expect.fail('expected send() to reject'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe('send', () => {
  it('resolves to the JSON body, sends JSON bodies as JSON, and resolves 204 to null', async () => {
    const fetchFn = vi.fn(async () => json({ id: 7 }, 201));
    expect(await send(fetchFn, '/api/portfolio/holdings', { method: 'POST', body: { symbol: 'AAPL' } })).toEqual({ id: 7 });
    const [path, init] = (fetchFn.mock.calls as unknown as [string, RequestInit][])[0]!;
    expect(path).toBe('/api/portfolio/holdings');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"symbol":"AAPL"}');
    expect(init.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
    expect(await send(async () => new Response(null, { status: 204 }), '/api/portfolio/holdings/1', { method: 'DELETE' })).toBeNull();
  });

  it("parses the API's error body into status, typed code, message and fields", async () => {
    const body = { error: { code: 'INVALID_HOLDING', message: 'quantity must be greater than zero', fields: { quantity: 'must be greater than zero' } } };
    const err = await failure(send(async () => json(body, 400), '/api/portfolio/holdings', { method: 'POST', body: {} }));
    expect(err).toMatchObject({ status: 400, code: 'INVALID_HOLDING', message: 'quantity must be greater than zero' });
    expect(err.fields).toEqual({ quantity: 'must be greater than zero' });
    expect(err.name).toBe('ApiError');
  });

  it('keeps the message of a code this page does not know but types it HTTP_ERROR', async () => {
    const err = await failure(send(async () => json({ error: { code: 'SOMETHING_NEW', message: 'a newer server says no' } }, 409), '/api/x'));
    expect(err).toMatchObject({ status: 409, code: 'HTTP_ERROR', message: 'a newer server says no' });
  });

  it('reports an error answer that is not JSON (a proxy page) as HTTP_ERROR with its status', async () => {
    const html = new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const err = await failure(send(async () => html, '/api/quotes'));
    expect(err).toMatchObject({ status: 502, code: 'HTTP_ERROR', message: 'Request failed (502 Bad Gateway)' });
    expect(err.fields).toEqual({});
    // JSON, but not the error contract
    const odd = await failure(send(async () => json({ error: 'nope' }, 500), '/api/quotes'));
    expect(odd).toMatchObject({ status: 500, code: 'HTTP_ERROR' });
  });

  it('reports a success answer that is not JSON as BAD_RESPONSE', async () => {
    const err = await failure(send(async () => new Response('<!doctype html>', { status: 200 }), '/api/quotes'));
    expect(err).toMatchObject({ status: 200, code: 'BAD_RESPONSE' });
  });

  it('turns a network failure into NETWORK_ERROR with status 0, keeping the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const err = await failure(send(async () => Promise.reject(cause), '/api/portfolio'));
    expect(err).toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: 'Failed to fetch' });
    expect(err.cause).toBe(cause);
  });

  it("passes the caller's own abort through untouched", async () => {
    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException('aborted', 'AbortError');
    const err: unknown = await send(async () => Promise.reject(abort), '/api/history', { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBe(abort);
  });

  describe('with a token store', () => {
    it('sends the token as a bearer on writes only', async () => {
      const storage = memoryStorage();
      storage.setItem(TOKEN_KEY, 'secret-token-123456');
      const fetchFn = vi.fn(async () => json({}));
      await send(fetchFn, '/api/portfolio/holdings', { method: 'POST', body: {}, tokens: tokenStore(storage) });
      await send(fetchFn, '/api/portfolio', { tokens: tokenStore(storage) });
      const calls = fetchFn.mock.calls as unknown as [string, RequestInit][];
      expect((calls[0]![1].headers as Record<string, string>).authorization).toBe('Bearer secret-token-123456');
      expect((calls[1]![1].headers as Record<string, string>).authorization).toBeUndefined();
    });

    it('forgets a token the server refuses with 401 and rejects with UNAUTHORIZED', async () => {
      const storage = memoryStorage();
      storage.setItem(TOKEN_KEY, 'rotated-token-1234567');
      const refused = json({ error: { code: 'UNAUTHORIZED', message: 'needs the API token' } }, 401);
      const err = await failure(send(async () => refused, '/api/portfolio/holdings/3', { method: 'DELETE', tokens: tokenStore(storage) }));
      expect(err).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'needs the API token' });
      expect(storage.data.has(TOKEN_KEY)).toBe(false);
    });

    it('keeps the token when the 401 answered a request that did not carry it, and on other errors', async () => {
      const storage = memoryStorage();
      storage.setItem(TOKEN_KEY, 'good-token-123456789');
      const tokens = tokenStore(storage);
      const unauthorized = json({ error: { code: 'UNAUTHORIZED', message: 'x' } }, 401);
      await failure(send(async () => unauthorized, '/api/portfolio', { tokens }));
      const forbidden = json({ error: { code: 'CROSS_SITE_WRITE', message: 'x' } }, 403);
      await failure(send(async () => forbidden, '/api/portfolio/holdings', { method: 'POST', body: {}, tokens }));
      expect(storage.data.get(TOKEN_KEY)).toBe('good-token-123456789');
    });
  });
});
