import { describe, expect, it } from 'vitest';
import { createConnectionLimiter, createMessageRate, originAllowed } from './access.ts';

describe('origin check', () => {
  it('allows requests without an Origin (non-browser clients)', () => {
    expect(originAllowed(undefined, 'example.com', undefined)).toBe(true);
  });

  it('allows only the same host when no allow-list is configured', () => {
    expect(originAllowed('https://example.com', 'example.com', undefined)).toBe(true);
    expect(originAllowed('http://localhost:3000', 'localhost:3000', undefined)).toBe(true);
    expect(originAllowed('https://evil.example', 'example.com', undefined)).toBe(false);
    expect(originAllowed('null', 'example.com', undefined)).toBe(false);
  });

  it('allows exactly the listed origins when configured', () => {
    const list = ['https://app.example.com'];
    expect(originAllowed('https://app.example.com', 'api.example.com', list)).toBe(true);
    expect(originAllowed('https://api.example.com', 'api.example.com', list)).toBe(false);
  });
});

describe('connection limiter', () => {
  it('counts connections per address and frees a slot on release', () => {
    const limiter = createConnectionLimiter(2);
    expect([limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('a'), limiter.acquire('b')]).toEqual([true, true, false, true]);
    limiter.release('a');
    expect(limiter.acquire('a')).toBe(true);
  });
});

describe('message rate', () => {
  it('allows a number of messages per second window', () => {
    let now = 0;
    const allow = createMessageRate(2, () => now);
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
    now = 1000;
    expect(allow()).toBe(true);
  });
});
