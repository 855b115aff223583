import { describe, expect, it, vi } from 'vitest';
import type { Request, Response } from 'express';
import type { Admission } from '../symbols/registry.ts';
import { BadRequestError } from '../errors.ts';
import type { HistoryRequest } from '../history/params.ts';
import { apiReader, pageRequests, type PageReads, type PageRequest } from './page-reads.ts';

const known = new Set(['AAPL', 'BRK-B']);
const registry = {
  check: vi.fn(async (symbols: readonly string[]): Promise<Admission> => {
    if (symbols.includes('DOWN')) throw new Error('source unreachable');
    return { accepted: symbols.filter((s) => known.has(s)), notFound: symbols.filter((s) => !known.has(s)), overLimit: [] };
  }),
};

const history = { get: vi.fn(async (req: HistoryRequest) => ({ symbol: req.symbol, interval: req.interval, candles: [] })) };
const quotes = async () => ({ quotes: [], status: null }) as unknown as Awaited<ReturnType<PageReads['quotes']>>;
const lists = { watchlists: [], limits: { maxLists: 50, maxSymbolsPerList: 200, maxSymbols: 100 }, trackedSymbols: 0 };
const watchlists = { list: async () => lists };
const reads: PageReads = { history, quotes, watchlists };

/** The request as the middleware leaves it on a GET of `path`, once it has called next. */
async function pageRequest(path: string, method = 'GET'): Promise<PageRequest> {
  const req = { method, path } as Request & PageRequest;
  await new Promise<void>((done) => pageRequests(registry, reads)(req, {} as Response, () => done()));
  return req;
}

/** The status the middleware marks on a GET of `path` (undefined: none). */
const statusFor = async (path: string, method = 'GET') => (await pageRequest(path, method)).pageStatus;

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

describe('the in-process API reads of a page', () => {
  it('are handed to the page of a known symbol and to the watchlist page only', async () => {
    expect((await pageRequest('/symbol/AAPL')).readApi).toBeTypeOf('function');
    expect((await pageRequest('/')).readApi).toBeTypeOf('function');
    expect((await pageRequest('/symbol/ZZZZQ')).readApi).toBeUndefined();
    expect((await pageRequest('/symbol/DOWN')).readApi).toBeUndefined();
    expect((await pageRequest('/portfolio')).readApi).toBeUndefined();
    expect((await pageRequest('/', 'POST')).readApi).toBeUndefined();
  });

  it('answers an /api/history URL with what the history service reads for its parameters', async () => {
    const read = apiReader(reads);
    expect(await read('/api/history?symbol=AAPL&interval=1d&range=1y')).toEqual({ symbol: 'AAPL', interval: '1d', candles: [] });
    expect(history.get).toHaveBeenLastCalledWith(expect.objectContaining({ symbol: 'AAPL', interval: '1d', range: '1y' }));
  });

  it('answers /api/quotes and /api/watchlists with what their routes answer', async () => {
    const read = apiReader(reads);
    expect(await read('/api/quotes')).toEqual({ quotes: [], status: null });
    expect(await read('/api/watchlists')).toEqual(lists);
  });

  it('rejects bad parameters as the route does, and any other URL', async () => {
    const read = apiReader(reads);
    await expect(read('/api/history?symbol=AAPL&interval=7m')).rejects.toBeInstanceOf(BadRequestError);
    await expect(read('/api/portfolio')).rejects.toThrow('/api/portfolio is not read in-process');
  });
});
