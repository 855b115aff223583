// Guards the holdings write endpoints: a cross-site page can never change holdings (Origin /
// Sec-Fetch-Site check), and when API_TOKEN is set every write needs `Authorization: Bearer <token>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../errors.ts';
import { originAllowed } from '../http/origin.ts';

export interface WriteGuardOptions {
  apiToken: string | undefined;
  /** extra origins allowed to write (ALLOWED_ORIGINS), besides the server's own */
  allowedOrigins: readonly string[] | undefined;
  /** what the writes change, for the messages (default "Holdings") */
  what?: string;
}

/**
 * Browsers send Origin on every cross-origin write and on same-origin fetch writes, plus
 * Sec-Fetch-Site. Clients that send neither (curl, scripts) are not browsers riding a user's
 * session, so they pass here and meet the token check instead.
 */
export function isSameSiteWrite(req: Request, allowedOrigins: readonly string[] | undefined): boolean {
  const origin = req.get('origin');
  // req.host is the Host header, or X-Forwarded-Host when TRUST_PROXY is on.
  if (origin !== undefined) return originAllowed(origin, req.host, allowedOrigins);
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time: both sides are hashed to the same length before comparing. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/i.exec(header ?? '');
  const given = m?.[1]?.trim() ?? '';
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

export function writeGuard(opts: WriteGuardOptions): RequestHandler {
  const expected = opts.apiToken;
  const what = opts.what ?? 'Holdings';
  return (req, res, next) => {
    if (!isSameSiteWrite(req, opts.allowedOrigins)) {
      throw new HttpError(403, 'CROSS_SITE_WRITE', `${what} can only be changed from this site (Origin not allowed)`);
    }
    if (expected !== undefined && !tokenMatches(req.get('authorization'), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="tickstream"');
      throw new HttpError(401, 'UNAUTHORIZED', `Changing ${what.toLowerCase()} needs the API token: send Authorization: Bearer <API_TOKEN>`);
    }
    next();
  };
}
