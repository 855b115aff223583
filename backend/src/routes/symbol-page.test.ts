import { describe, expect, it, vi } from 'vitest';
import type { Request, Response } from 'express';
import type { Admission } from '../symbols/registry.ts';
import { symbolPageStatus, type PageRequest } from './symbol-page.ts';

const known = new Set(['AAPL', 'BRK-B']);
const registry = {
  check: vi.fn(async (symbols: readonly string[]): Promise<Admission> => {
    if (symbols.includes('DOWN')) throw new Error('source unreachable');
    return { accepted: symbols.filter((s) => known.has(s)), notFound: symbols.filter((s) => !known.has(s)), overLimit: [] };
  }),
};

/** The status the middleware marks on a GET of `path` (undefined: none), once it has called next. */
async function statusFor(path: string, method = 'GET'): Promise<number | undefined> {
  const req = { method, path } as Request & PageRequest;
  await new Promise<void>((done) => symbolPageStatus(registry)(req, {} as Response, () => done()));
  return req.pageStatus;
}

describe('the symbol page status', () => {
  it('marks the page of a symbol the source does not know, or of no symbol at all, as 404', async () => {
    expect(await statusFor('/symbol/ZZZZQ')).toBe(404);
    expect(await statusFor('/symbol/not%20a%20symbol!')).toBe(404);
  });

  it('leaves known symbols, other pages, other methods and an unreachable source alone', async () => {
    expect(await statusFor('/symbol/AAPL')).toBeUndefined();
    expect(await statusFor('/symbol/brk-b')).toBeUndefined();
    expect(await statusFor('/portfolio')).toBeUndefined();
    expect(await statusFor('/symbol/ZZZZQ', 'POST')).toBeUndefined();
    expect(await statusFor('/symbol/DOWN')).toBeUndefined();
    expect(await statusFor('/symbol/%E0%A4%A')).toBeUndefined();
  });
});
