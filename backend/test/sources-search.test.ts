// Search and symbol lookup of both sources: Yahoo's through an injected fetch serving answers in
// Yahoo's recorded shape (never the network), the simulated market's over its own catalogue.
import { describe, expect, it } from 'vitest';
import { searchResponseSchema } from '@tickstream/shared';
import { createSource } from '../src/sources/index.ts';
import { SourceError } from '../src/sources/errors.ts';
import { testConfig } from './support/services.ts';
import { captureLogger } from './fixtures/capture-logger.ts';
import { FIXTURE_NOW_MS, createFakeYahoo, fixture, dnsFailure, echoQuotes, http429, type FakeYahooRoutes } from './fixtures/yahoo/fake-fetch.ts';

function yahoo(routes: Partial<FakeYahooRoutes> = {}) {
  const fake = createFakeYahoo(routes);
  const source = createSource(testConfig({ QUOTE_SOURCE: 'yahoo' }).source, captureLogger().logger, { fetch: fake.fetch, now: () => FIXTURE_NOW_MS });
  return { fake, source };
}

const simulated = () => createSource(testConfig({ QUOTE_SOURCE: 'simulated' }).source, captureLogger().logger, { now: () => FIXTURE_NOW_MS });

describe('Yahoo source: search', () => {
  it('turns Yahoo instruments into results: long name, displayed exchange, type; drops non-Yahoo entities', async () => {
    const { source, fake } = yahoo();
    const results = await source.search('apple', 10);
    expect(results[0]).toEqual({ symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', type: 'EQUITY' });
    expect(results.map((r) => r.symbol)).toEqual(['AAPL', 'AAPL.NE', 'AAPU', 'AAPL250620C00200000', 'APLE']);
    expect(results.find((r) => r.symbol === 'AAPU')?.type).toBe('ETF');
    // An unknown quoteType is OTHER, so the browser's enum never breaks on a new Yahoo kind.
    expect(results.find((r) => r.symbol === 'APLE')).toMatchObject({ type: 'OTHER', name: 'Apple Hospitality REIT', exchange: 'WCB' });
    expect(searchResponseSchema.parse({ query: 'apple', results }).results).toEqual(results);
    const url = new URL(fake.calls.find((u) => u.includes('/v1/finance/search')) ?? '');
    expect(url.searchParams.get('q')).toBe('apple');
    expect(url.searchParams.get('newsCount')).toBe('0');
    expect(url.searchParams.get('quotesCount')).toBe('10');
  });

  it('leaves out symbols the system cannot follow and upper-cases the rest', async () => {
    const long = { exchange: 'X', quoteType: 'EQUITY', symbol: 'WAY-TOO-LONG-TO-BE-A-SYMBOL', index: 'quotes', score: 1, typeDisp: 'Equity', isYahooFinance: true };
    const body = JSON.parse(fixture('search-apple.json')) as { quotes: unknown[] };
    body.quotes.unshift(long);
    const { source } = yahoo({ search: { status: 200, text: JSON.stringify(body), headers: { 'content-type': 'application/json' } } });
    const symbols = (await source.search('apple', 10)).map((r) => r.symbol);
    expect(symbols).not.toContain('WAY-TOO-LONG-TO-BE-A-SYMBOL');
    expect(symbols).toContain('APLE');
  });

  it('stops at the limit', async () => {
    const { source } = yahoo();
    expect(await source.search('apple', 2)).toHaveLength(2);
  });

  it('answers an empty list when Yahoo finds nothing', async () => {
    const { source } = yahoo({ search: { status: 200, text: JSON.stringify({ explains: [], count: 0, quotes: [], news: [], nav: [], lists: [], researchReports: [], totalTime: 5, timeTakenForQuotes: 1, timeTakenForNews: 0, timeTakenForAlgowatchlist: 0, timeTakenForPredefinedScreener: 0, timeTakenForCrunchbase: 0, timeTakenForNav: 0, timeTakenForResearchReports: 0, timeTakenForScreenerField: 0, timeTakenForCulturalAssets: 0, timeTakenForSearchLists: 0 }), headers: { 'content-type': 'application/json' } } });
    expect(await source.search('zzzzqqq', 10)).toEqual([]);
  });

  it('fails with a typed SourceError on a 429 (with Retry-After) and on a network failure', async () => {
    const limited = yahoo({ search: { status: 429, file: 'too-many-requests.txt', headers: { 'retry-after': '30' } } });
    const err = await limited.source.search('apple', 10).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 30_000 });
    const offline = yahoo({ search: { reject: dnsFailure() } });
    await expect(offline.source.search('apple', 10)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});

describe('Yahoo source: lookup', () => {
  it('knows symbols Yahoo quotes and calls unknown the ones it leaves out, in one quote request', async () => {
    const { source, fake } = yahoo();
    const answer = await source.lookup(['AAPL', 'NOPE1']);
    expect(answer).toEqual({ known: ['AAPL'], unknown: ['NOPE1'] });
    expect(fake.count('quote')).toBe(1);
  });

  it('asks in batches of at most 50 symbols', async () => {
    const { source, fake } = yahoo({ quote: echoQuotes() });
    const symbols = Array.from({ length: 120 }, (_, i) => `S${i}`);
    expect((await source.lookup(symbols)).known).toHaveLength(120);
    expect(fake.count('quote')).toBe(3);
  });

  it('throws when Yahoo cannot tell (rate limit), never calling a symbol unknown', async () => {
    const { source } = yahoo({ quote: http429 });
    await expect(source.lookup(['AAPL'])).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('simulated source: search and lookup', () => {
  it('finds Apple by name and Bitcoin by "btc", best match first', async () => {
    const source = simulated();
    expect((await source.search('apple', 10))[0]).toEqual({ symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', type: 'EQUITY' });
    const btc = await source.search('btc', 10);
    expect(btc[0]?.symbol).toBe('BTC-USD');
    expect(btc[0]?.type).toBe('CRYPTOCURRENCY');
  });

  it('finds ETFs and indices, and nothing for gibberish', async () => {
    const source = simulated();
    expect((await source.search('spy', 10))[0]).toMatchObject({ symbol: 'SPY', type: 'ETF' });
    expect((await source.search('s&p 500', 10)).map((r) => r.symbol)).toContain('^GSPC');
    expect(await source.search('qqqzzzx', 10)).toEqual([]);
  });

  it('knows a few hundred instruments, and only those', async () => {
    const source = simulated();
    expect(await source.lookup(['AAPL', 'btc-usd', 'SPY', 'ZZZZ9'])).toEqual({ known: ['AAPL', 'BTC-USD', 'SPY'], unknown: ['ZZZZ9'] });
    const everything = await source.search('a', 1000);
    expect(everything.length).toBeGreaterThan(150);
  });

  it('names catalogue symbols in their ticks', async () => {
    const batch = await simulated().fetchQuotes(['XOM']);
    expect(batch.ticks[0]?.name).toBe('Exxon Mobil Corporation');
  });
});
