// Who may connect: client address, connections per address (the Origin rule is http/origin.ts).
import type { IncomingMessage } from 'node:http';

/** The client's address as Express reports it: the leftmost X-Forwarded-For hop when proxies are trusted. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export interface ConnectionLimiter {
  /** Counts a connection from `ip`; false (and not counted) when the address is at its limit. */
  acquire(ip: string): boolean;
  release(ip: string): void;
  readonly limit: number;
}

export function createConnectionLimiter(limit: number): ConnectionLimiter {
  const open = new Map<string, number>();
  return {
    limit,
    acquire(ip) {
      const n = open.get(ip) ?? 0;
      if (n >= limit) return false;
      open.set(ip, n + 1);
      return true;
    },
    release(ip) {
      const n = (open.get(ip) ?? 0) - 1;
      if (n > 0) open.set(ip, n);
      else open.delete(ip);
    },
  };
}

/** Fixed one-second windows: enough to stop a client flooding the server with messages. */
export function createMessageRate(perSecond: number, now: () => number = Date.now): () => boolean {
  let windowStart = 0;
  let count = 0;
  return () => {
    const t = now();
    if (t - windowStart >= 1000) {
      windowStart = t;
      count = 0;
    }
    return ++count <= perSecond;
  };
}
