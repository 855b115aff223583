// DNS rebinding defence: a page on evil.example whose name is re-pointed at this server talks to
// it "same-origin", with Host and Origin both saying evil.example. So every request and upgrade
// must name a host this server knows: an IP literal, localhost (or *.localhost), HOST when it is a
// name, or one listed in ALLOWED_HOSTS (as webpack-dev-server's `allowedHosts: 'auto'`).
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import { HttpError } from '../errors.ts';
import { refuseUpgrade } from './upgrade-refusal.ts';

export type HostGuardConfig = Pick<Config['http'], 'host' | 'allowedHosts' | 'trustProxy'>;

const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** The name in a Host value: lowercased, port and trailing dot removed; null when malformed. */
export function hostName(value: string): string | null {
  const v = value.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1]! : null;
  const m = /^([^:]+)(?::\d{1,5})?$/.exec(v);
  if (!m) return null;
  const name = m[1]!.endsWith('.') ? m[1]!.slice(0, -1) : m[1]!;
  return isIP(name) !== 0 || HOST_NAME.test(name) ? name : null;
}

/** `.example.com` in the list allows example.com and all its subdomains. */
export function hostAllowed(name: string, allowed: readonly string[]): boolean {
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((entry) => (entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry));
}

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(','));
}

/**
 * The Host header, plus every X-Forwarded-Host entry when TRUST_PROXY is on (what the browser sent
 * to the proxy, and what Express's req.host then reports). All must be allowed: with TRUST_PROXY a
 * page could add its own X-Forwarded-Host, but never change the Host its browser sends.
 */
export function unknownHost(req: IncomingMessage, config: HostGuardConfig): string | null {
  const host = req.headers.host;
  if (host === undefined) return '';
  const claimed = config.trustProxy ? [host, ...headerValues(req.headers['x-forwarded-host'])] : [host];
  const allowed = [...(config.allowedHosts ?? []), ...(isIP(config.host) === 0 ? [config.host.toLowerCase()] : [])];
  for (const value of claimed) {
    const name = hostName(value);
    if (name === null || !hostAllowed(name, allowed)) return value.trim();
  }
  return null;
}

function refusal(host: string): HttpError {
  return new HttpError(403, 'HOST_NOT_ALLOWED', `Host ${JSON.stringify(host)} is not allowed: open the page by IP or localhost, or add the name to ALLOWED_HOSTS`);
}

/** Express middleware, mounted before every route (API, SSE, metrics, pages). */
export function hostGuard(config: HostGuardConfig): RequestHandler {
  return (req, _res, next) => {
    const bad = unknownHost(req, config);
    next(bad === null ? undefined : refusal(bad));
  };
}

/** For the upgrade handler: answers 403 and closes the socket when the Host is unknown; true if it did. */
export function refuseUnknownHostUpgrade(req: IncomingMessage, socket: Duplex, config: HostGuardConfig): boolean {
  const bad = unknownHost(req, config);
  if (bad === null) return false;
  refuseUpgrade(socket, refusal(bad));
  return true;
}
