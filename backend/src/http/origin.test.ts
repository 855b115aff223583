import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('the Origin rule', () => {
  it('allows requests without an Origin (non-browser clients)', () => {
    expect(originAllowed(undefined, 'example.com', undefined)).toBe(true);
  });

  it('allows the origin of the host the request names, and nothing else, without an allow-list', () => {
    expect(originAllowed('https://example.com', 'example.com', undefined)).toBe(true);
    expect(originAllowed('http://localhost:3000', 'localhost:3000', undefined)).toBe(true);
    expect(originAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', undefined)).toBe(true);
    expect(originAllowed('http://localhost:3000', '127.0.0.1:3000', undefined)).toBe(false);
    expect(originAllowed('https://evil.example', 'example.com', undefined)).toBe(false);
    expect(originAllowed('null', 'example.com', undefined)).toBe(false);
  });

  it('adds the listed origins to the own one', () => {
    const list = ['https://app.example.com'];
    expect(originAllowed('https://app.example.com', 'api.example.com', list)).toBe(true);
    expect(originAllowed('https://api.example.com', 'api.example.com', list)).toBe(true);
    expect(originAllowed('https://evil.example', 'api.example.com', list)).toBe(false);
  });
});
