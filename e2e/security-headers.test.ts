// The hardening headers as the real built server sends them: SvelteKit's per-response CSP on pages,
// helmet's headers on pages and API, HSTS only behind a trusted HTTPS proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFetch } from './support/contract.ts';
import { requireFrontendBuild, startServer, type TestServer } from './support/server.ts';

const PAGES = ['/', '/symbol/AAPL', '/portfolio'];
const API = ['/api/health', '/api/quotes', '/api/history?symbol=AAPL&interval=1m', '/api/portfolio', '/api/no-such-route'];

let server: TestServer;

beforeAll(async () => {
  requireFrontendBuild();
  server = await startServer({ env: { WATCHLIST: 'AAPL', TRUST_PROXY: 'true' } });
});

afterAll(async () => {
  await server?.dispose();
});

const get = (path: string, headers: Record<string, string> = {}) => contractFetch(`${server.url}${path}`, { headers });

/** `default-src 'self'; script-src ...` as a map of directive name to its sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

function expectCommonHeaders(res: Response): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

describe('security headers of the built app', () => {
  it.each(PAGES)('serves %s with a CSP carrying a fresh nonce for its boot script, and the common headers', async (path) => {
    const [res, again] = await Promise.all([get(path), get(path)]);
    expect(res.status).toBe(200);
    expectCommonHeaders(res);
    const csp = directives(res.headers.get('content-security-policy') ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    const nonce = csp.get('script-src')?.find((s) => s.startsWith("'nonce-"));
    expect(nonce).toBeDefined();
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    // the inline boot script carries the nonce the header names, and the nonce differs per response
    expect(await res.text()).toContain(`nonce="${nonce!.slice(7, -1)}"`);
    expect(again.headers.get('content-security-policy')).not.toBe(res.headers.get('content-security-policy'));
  });

  it.each(API)('serves %s with a CSP that loads nothing, and the common headers', async (path) => {
    const res = await get(path);
    expectCommonHeaders(res);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sends no HSTS over plain HTTP', async () => {
    for (const path of [...PAGES, ...API]) expect((await get(path)).headers.get('strict-transport-security')).toBeNull();
    expect((await get('/', { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when the trusted proxy says the request came over HTTPS', async () => {
    for (const path of ['/', '/api/health']) {
      expect((await get(path, { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBe('max-age=31536000');
    }
  });
});
