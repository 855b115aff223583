// One Origin rule for every route and transport: the page's own origin (the request's own Host) is
// always allowed, ALLOWED_ORIGINS adds to it, anything else is refused; /ws, /api/stream and
// portfolio writes agree. Opened as localhost or as 127.0.0.1, the page is its own origin either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startLiveApp, type LiveApp } from './live-helpers.ts';

const OTHER = 'https://dashboards.example';

async function wsStatus(url: string, headers: Record<string, string>): Promise<number> {
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

/** node:http, not fetch: fetch does not send a Host header of the caller's choosing. */
function httpStatus(url: string, method: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.once('error', reject);
    req.end();
  });
}

const sseStatus = (url: string, headers: Record<string, string>) => httpStatus(`${url}/api/stream?symbols=AAPL`, 'GET', headers);
// 404: the guard let it through to the (missing) holding; 403: refused
const writeStatus = (url: string, headers: Record<string, string>) => httpStatus(`${url}/api/portfolio/holdings/999999`, 'DELETE', headers);

describe.each([
  ['without ALLOWED_ORIGINS', {}],
  ['with ALLOWED_ORIGINS naming another site', { ALLOWED_ORIGINS: OTHER }],
])('the Origin rule %s', (_name, env: Record<string, string>) => {
  let live: LiveApp;
  beforeAll(async () => {
    live = await startLiveApp({ WATCHLIST: 'AAPL', ...env });
  });
  afterAll(async () => {
    await live?.close();
  });

  const all = async (origin: string, host?: string) => {
    const headers: Record<string, string> = { origin, ...(host ? { host } : {}) };
    return [await wsStatus(live.wsUrl, headers), await sseStatus(live.httpUrl, headers), await writeStatus(live.httpUrl, headers)];
  };

  it('lets the page open /ws, /api/stream and write from its own origin', async () => {
    expect(await all(live.httpUrl)).toEqual([101, 200, 404]);
  });

  it('counts http://localhost:PORT as the own origin when the page is opened as localhost', async () => {
    expect(await all(`http://localhost:${live.port}`, `localhost:${live.port}`)).toEqual([101, 200, 404]);
  });

  it('refuses a foreign origin everywhere, and a loopback alias that is not the Host it was opened by', async () => {
    expect(await all('https://evil.example')).toEqual([403, 403, 403]);
    expect(await all(`http://localhost:${live.port}`)).toEqual([403, 403, 403]);
  });

  it(env.ALLOWED_ORIGINS ? 'lets the listed origin in everywhere too' : 'lets no other site in', async () => {
    expect(await all(OTHER)).toEqual(env.ALLOWED_ORIGINS ? [101, 200, 404] : [403, 403, 403]);
  });
});
