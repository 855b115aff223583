// Hardening headers on every response (pages, static assets, /api, /metrics), via helmet. Pages get
// their Content-Security-Policy from SvelteKit (frontend/vite.config.ts), which puts a fresh nonce on
// its inline boot script per response; helmet's own CSP is therefore off, and only responses that
// are not pages (/api, /metrics) carry a strict one of their own: they never load anything.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** CSP of API and metrics responses: nothing may load, nothing may frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * CSP of the one API page, /api/docs: still nothing may load or run, except its own inline
 * stylesheet, allowed by hash (no 'unsafe-inline', no script at all).
 */
export function styleOnlyCsp(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; frame-ancestors 'none'`;
}

const common = helmet({
  contentSecurityPolicy: false,
  // `same-origin`, not `no-referrer`: under no-referrer the Fetch spec has a browser send
  // `Origin: null` with the page's own POST/PUT/DELETE, which the portfolio's same-site check
  // refuses (the chromium of the e2e tests keeps the real origin either way).
  referrerPolicy: { policy: 'same-origin' },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  // Only over HTTPS, see below: on plain HTTP a browser ignores it, and a proxy that strips TLS
  // must not make this app promise HTTPS for a host it does not control.
  strictTransportSecurity: false,
});

const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: false });

function isPageless(path: string): boolean {
  return path === '/metrics' || path === '/api' || path.startsWith('/api/');
}

/**
 * HSTS is sent only when express says the request came over HTTPS: with `TRUST_PROXY` set that is a
 * proxy's `X-Forwarded-Proto: https` (`req.secure`); without it never, since this server speaks
 * plain HTTP itself.
 */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => {
    if (isPageless(req.path)) res.setHeader('Content-Security-Policy', API_CSP);
    common(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.secure) hsts(req, res, next);
      else next();
    });
  };
}
