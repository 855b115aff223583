import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { API_CSP, securityHeaders } from './security-headers.ts';

const servers: Server[] = [];

/** A bare express app wired like app.ts: `trust proxy`, then the headers, a JSON route and a "page". */
async function start(trustProxy: boolean): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.use(securityHeaders());
  app.get('/api/health', (_req, res) => void res.json({ ok: true }));
  app.get('/metrics', (_req, res) => void res.type('text/plain').send('up 1'));
  // stands in for SvelteKit's handler, which sets the page's own CSP
  app.get('/', (_req, res) => void res.setHeader('Content-Security-Policy', "default-src 'self'").type('html').send('<p>hi</p>'));
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('security headers', () => {
  it('puts nosniff, a same-origin referrer policy, DENY framing and same-origin COOP/CORP on API responses', async () => {
    const res = await fetch(`${await start(false)}/api/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toBe(API_CSP);
  });

  it('gives /metrics the strict CSP too but leaves a page its own', async () => {
    const url = await start(false);
    expect((await fetch(`${url}/metrics`)).headers.get('content-security-policy')).toBe(API_CSP);
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('never sends HSTS over plain HTTP, even when a client claims X-Forwarded-Proto https to an untrusting server', async () => {
    const url = await start(false);
    expect((await fetch(`${url}/api/health`)).headers.get('strict-transport-security')).toBeNull();
    const claimed = await fetch(`${url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers.get('strict-transport-security')).toBeNull();
  });

  it('sends HSTS when a trusted proxy says the request came over HTTPS', async () => {
    const url = await start(true);
    const viaHttps = await fetch(`${url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaHttps.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const viaHttp = await fetch(`${url}/api/health`, { headers: { 'x-forwarded-proto': 'http' } });
    expect(viaHttp.headers.get('strict-transport-security')).toBeNull();
  });
});
