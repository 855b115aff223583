// The minimum Node version is one number: what package.json's engines accepts, what
// scripts/with-node.js runs under without installing another Node, and what the README states.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
const minimum = /^>=(\d+(?:\.\d+)*)$/.exec(engines)?.[1];

describe('the minimum Node version', () => {
  it('is a plain lower bound in package.json engines', () => {
    expect(minimum).toMatch(/^\d+\.\d+$/);
  });

  it('is the one scripts/with-node.js checks against', () => {
    expect(/const MIN_VERSION = '([\d.]+)';/.exec(read('scripts/with-node.js'))?.[1]).toBe(minimum);
  });

  it('is the only minimum the README names', () => {
    const named = [...read('README.md').matchAll(/Node(?:\.js)? (?:(\d+(?:\.\d+)*) or newer|older than (\d+(?:\.\d+)*))/g)].map((m) => m[1] ?? m[2]);
    expect(named.length).toBeGreaterThan(1);
    expect(new Set(named)).toEqual(new Set([minimum]));
  });
});
