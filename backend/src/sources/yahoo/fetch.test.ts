import { describe, expect, it } from 'vitest';
import { SourceError } from '../errors.ts';
import { createYahooFetch, parseRetryAfter } from './fetch.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it, never negative', () => {
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('Yahoo fetch', () => {
  it('carries Retry-After on a 503 as well as on a 429', async () => {
    const fetch = createYahooFetch(async () => new Response('down', { status: 503, headers: { 'Retry-After': '7' } }), 1000);
    const err = (await fetch('https://query2.finance.yahoo.com/v7/finance/quote').catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.code).toBe('UPSTREAM_ERROR');
    expect(err.retryAfterMs).toBe(7000);
  });
});
