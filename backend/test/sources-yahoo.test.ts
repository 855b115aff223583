// The Yahoo source against fixtures in Yahoo's exact response shapes, served by URL through an
// injected fetch: one test per defensive case. Never touches the network.
import { describe, expect, it } from 'vitest';
import { tickSchema, symbolCandleSchema } from '@tickstream/shared';
import { createMetrics } from '../src/metrics.ts';
import { createSource } from '../src/sources/index.ts';
import { SourceError } from '../src/sources/errors.ts';
import type { QuoteSource } from '../src/sources/types.ts';
import { testConfig } from './support/services.ts';
import { captureLogger } from './fixtures/capture-logger.ts';
import {
  FIXTURE_NOW_MS,
  FIXTURE_NOW_SEC,
  connectionRefused,
  createFakeYahoo,
  dnsFailure,
  echoQuotes,
  http429,
  http502,
  http503,
  type FakeYahooRoutes,
} from './fixtures/yahoo/fake-fetch.ts';

const RANGE = { from: FIXTURE_NOW_SEC - 600, to: FIXTURE_NOW_SEC + 60 };

function setup(routes: Partial<FakeYahooRoutes> = {}, env: Record<string, string> = {}) {
  const fake = createFakeYahoo(routes);
  const { logger, lines } = captureLogger();
  const metrics = createMetrics();
  const config = testConfig({ QUOTE_SOURCE: 'yahoo', ...env });
  const source = createSource(config.source, logger, { fetch: fake.fetch, now: () => FIXTURE_NOW_MS, metrics });
  const skipped = async (kind: string) => (await metrics.skippedValues.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;
  return { fake, source, lines, metrics, skipped };
}

async function sourceError(promise: Promise<unknown>): Promise<SourceError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a SourceError');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

const symbolsOf = (s: { symbol: string }[]) => s.map((x) => x.symbol).sort();

describe('Yahoo source: quotes', () => {
  it('matches quotes by symbol, not position, and converts them to valid ticks', async () => {
    const { source, fake } = setup();
    const batch = await source.fetchQuotes(['AAPL', 'MSFT', 'BTC-USD']);
    expect(batch.problems).toEqual([]);
    const aapl = batch.ticks.find((t) => t.symbol === 'AAPL');
    expect(aapl).toMatchObject({ price: 236.42, time: FIXTURE_NOW_SEC - 2, previousClose: 235.33, marketState: 'REGULAR', currency: 'USD', source: 'yahoo' });
    expect(batch.ticks.find((t) => t.symbol === 'BTC-USD')?.price).toBe(87012.55);
    for (const t of batch.ticks) expect(tickSchema.parse(t)).toEqual(t);
    const quoteUrl = new URL(fake.calls.find((u) => u.includes('/v7/finance/quote')) ?? '');
    expect(quoteUrl.searchParams.get('symbols')).toBe('AAPL,MSFT,BTC-USD');
    expect(quoteUrl.searchParams.get('fields')?.split(',')).toContain('regularMarketPrice');
    expect(quoteUrl.searchParams.get('crumb')).toBe('Fx7qTkz1bQd');
  });

  it('asks for at most 50 symbols per quote request, one request per batch', async () => {
    const { source, fake } = setup({ quote: echoQuotes() });
    const symbols = Array.from({ length: 120 }, (_, i) => `S${i}`);
    const batch = await source.fetchQuotes(symbols);
    expect(fake.count('quote')).toBe(3);
    expect(batch.ticks).toHaveLength(120);
    // echoQuotes answers in reverse order with price 100 + index-in-answer: matched by symbol
    expect(batch.ticks.find((t) => t.symbol === 'S0')?.price).toBe(149);
    expect(batch.ticks.find((t) => t.symbol === 'S49')?.price).toBe(100);
  });

  it('does the cookie/crumb handshake once and reuses the crumb', async () => {
    const { source, fake } = setup();
    await source.fetchQuotes(['AAPL']);
    await source.fetchQuotes(['AAPL']);
    expect(fake.count('quotePage')).toBe(1);
    expect(fake.count('getCrumb')).toBe(1);
    expect(fake.count('quote')).toBe(2);
  });

  it('maps POSTPOST/CLOSED to CLOSED and keeps the quote time of the close', async () => {
    const { source } = setup({ quote: { file: 'quote-closed.json' } });
    const batch = await source.fetchQuotes(['AAPL', 'MSFT']);
    expect(batch.ticks.map((t) => [t.symbol, t.marketState, t.time])).toEqual([
      ['AAPL', 'CLOSED', 1741035600],
      ['MSFT', 'CLOSED', 1741035600],
    ]);
  });

  it('reports a symbol missing from the answer as UNKNOWN_SYMBOL and serves the others', async () => {
    const { source } = setup({ quote: { file: 'quote-missing-symbol.json' } });
    const batch = await source.fetchQuotes(['AAPL', 'APPL', 'MSFT']);
    expect(symbolsOf(batch.ticks)).toEqual(['AAPL', 'MSFT']);
    expect(batch.problems).toEqual([expect.objectContaining({ symbol: 'APPL', code: 'UNKNOWN_SYMBOL' })]);
  });

  it('drops zero, negative and infinite prices and counts them', async () => {
    const { source, skipped } = setup({ quote: { file: 'quote-bad-prices.json' } });
    const batch = await source.fetchQuotes(['AAPL', 'MSFT', 'NVDA', 'GOOGL']);
    expect(symbolsOf(batch.ticks)).toEqual(['GOOGL']);
    expect(symbolsOf(batch.problems)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(await skipped('non_positive_price')).toBe(2);
    // 1e999 parses to Infinity; yahoo-finance2's schema check turns it into null on the way out
    expect(batch.problems.find((p) => p.symbol === 'NVDA')?.code).toBe('NO_DATA');
  });

  it('uses the partial result of a FailedYahooValidationError and still drops NaN prices', async () => {
    const { source, skipped } = setup({ quote: { file: 'quote-schema-drift.json' } });
    const batch = await source.fetchQuotes(['AAPL', 'MSFT', 'NVDA', 'GOOGL']);
    expect(symbolsOf(batch.ticks)).toEqual(['GOOGL', 'MSFT', 'NVDA']);
    expect(batch.ticks.find((t) => t.symbol === 'MSFT')?.marketState).toBe('CLOSED'); // "OVERNIGHT": unknown state
    expect(batch.problems).toEqual([expect.objectContaining({ symbol: 'AAPL', code: 'INVALID_VALUE' })]);
    expect(await skipped('schema_mismatch')).toBe(1);
    expect(await skipped('non_finite_price')).toBe(1);
    expect(await skipped('unknown_market_state')).toBe(1);
  });

  it('drops quotes timed in the future or far in the past', async () => {
    const { source, skipped } = setup({ quote: { file: 'quote-bad-times.json' } });
    const batch = await source.fetchQuotes(['AAPL', 'MSFT', 'GOOGL']);
    expect(symbolsOf(batch.ticks)).toEqual(['GOOGL']);
    expect(batch.problems.map((p) => [p.symbol, p.code])).toEqual([
      ['AAPL', 'INVALID_VALUE'],
      ['MSFT', 'STALE'],
    ]);
    expect(await skipped('future_time')).toBe(1);
    expect(await skipped('stale_time')).toBe(1);
  });

  it('logs a skip once per kind and symbol but counts every occurrence', async () => {
    const { source, lines, skipped } = setup({ quote: { file: 'quote-bad-prices.json' } });
    for (let i = 0; i < 5; i++) await source.fetchQuotes(['AAPL', 'MSFT', 'NVDA', 'GOOGL']);
    expect(await skipped('non_positive_price')).toBe(10);
    const logged = lines.filter((l) => l.kind === 'non_positive_price');
    expect(logged.map((l) => l.symbol)).toEqual(['AAPL', 'MSFT']);
  });
});

describe('Yahoo source: whole-request failures', () => {
  it('turns HTTP 429 into RATE_LIMITED', async () => {
    const { source } = setup({ quote: http429 });
    const err = await sourceError(source.fetchQuotes(['AAPL']));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.message).toContain('Too Many Requests');
    expect(err.retryAfterMs).toBeUndefined();
  });

  it("keeps the wait a 429's Retry-After asks for", async () => {
    const { source } = setup({ quote: { status: 429, file: 'too-many-requests.txt', headers: { 'retry-after': '120' } } });
    const err = await sourceError(source.fetchQuotes(['AAPL']));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('turns HTTP 5xx into UPSTREAM_ERROR', async () => {
    for (const reply of [http502, http503]) {
      const { source } = setup({ quote: reply });
      const err = await sourceError(source.fetchQuotes(['AAPL']));
      expect(err.code).toBe('UPSTREAM_ERROR');
    }
  });

  it('turns a request that hangs past YAHOO_TIMEOUT_SECONDS into TIMEOUT', async () => {
    const { source } = setup({ quote: { hang: true } }, { YAHOO_TIMEOUT_SECONDS: '1' });
    const started = Date.now();
    const err = await sourceError(source.fetchQuotes(['AAPL']));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('turns a DNS failure into NETWORK and keeps the cause', async () => {
    const { source } = setup({ quote: { reject: dnsFailure() } });
    const err = await sourceError(source.fetchQuotes(['AAPL']));
    expect(err.code).toBe('NETWORK');
    expect(err.message).toContain('ENOTFOUND');
    expect((err.cause as { cause?: { code?: string } }).cause?.code).toBe('ENOTFOUND');
  });

  it('turns a refused connection during the crumb handshake into NETWORK', async () => {
    const { source } = setup({ quotePage: { reject: connectionRefused() } });
    expect((await sourceError(source.fetchQuotes(['AAPL']))).code).toBe('NETWORK');
  });

  it('reports a refused crumb as AUTH and renegotiates on the next call', async () => {
    const { source, fake } = setup({ getCrumb: [{ status: 401, text: 'Unauthorized' }, { file: 'getcrumb.txt' }] });
    expect((await sourceError(source.fetchQuotes(['AAPL']))).code).toBe('AUTH');
    const batch = await source.fetchQuotes(['AAPL']);
    expect(batch.ticks).toHaveLength(1);
    expect(fake.count('getCrumb')).toBe(2);
  });

  it('reports a cookie page without Set-Cookie as AUTH', async () => {
    const { source } = setup({ quotePage: { file: 'quote-page.html' } });
    expect((await sourceError(source.fetchQuotes(['AAPL']))).code).toBe('AUTH');
  });

  it('drops a crumb Yahoo rejects ("Invalid Crumb", 401) and fetches a new one', async () => {
    const { source, fake } = setup({ quote: [{ status: 401, file: 'quote-unauthorized.json' }, { file: 'quote-ok.json' }] });
    const err = await sourceError(source.fetchQuotes(['AAPL']));
    expect(err.code).toBe('AUTH');
    expect(err.message).toContain('Invalid Crumb');
    await source.fetchQuotes(['AAPL']);
    expect(fake.count('getCrumb')).toBe(2);
  });

  it('keeps the symbols of the batches that answered when another batch fails', async () => {
    const echo = echoQuotes();
    const { source } = setup({ quote: [echo, http429] });
    const symbols = Array.from({ length: 60 }, (_, i) => `S${i}`);
    const batch = await source.fetchQuotes(symbols);
    expect(batch.ticks).toHaveLength(50);
    expect(batch.problems).toHaveLength(10);
    expect(batch.problems[0]?.code).toBe('RATE_LIMITED');
  });

  it('reports an abort by the caller as ABORTED', async () => {
    const { source } = setup({ quote: { hang: true } });
    const controller = new AbortController();
    const pending = source.fetchQuotes(['AAPL'], controller.signal);
    setTimeout(() => controller.abort(), 10);
    expect((await sourceError(pending)).code).toBe('ABORTED');
  });
});

describe('Yahoo source: 1m bars', () => {
  const sourceWithChart = (file: string, status = 200) => setup({ chart: { '*': { status, file } } });

  it('requests 1m bars for the range and returns them ascending and valid', async () => {
    const { source, fake } = setup();
    const bars = await source.fetchBars('AAPL', RANGE);
    expect(bars.map((b) => b.time)).toEqual([0, 1, 2, 3, 4, 5].map((i) => 1741100100 + 60 * i));
    for (const b of bars) expect(symbolCandleSchema.parse(b)).toEqual(b);
    const url = new URL(fake.calls.find((u) => u.includes('/v8/finance/chart/AAPL')) ?? '');
    expect(url.searchParams.get('interval')).toBe('1m');
    expect(url.searchParams.get('period1')).toBe(String(RANGE.from));
    expect(url.searchParams.get('period2')).toBe(String(RANGE.to));
    expect(fake.count('getCrumb')).toBe(0); // charts need no crumb
  });

  it('skips null bars and counts them', async () => {
    const { source, skipped } = sourceWithChart('chart-null-bars.json');
    const bars = await source.fetchBars('AAPL', RANGE);
    expect(bars).toHaveLength(4);
    expect(bars.every((b) => b.open > 0 && b.close > 0)).toBe(true);
    expect(await skipped('null_bar')).toBe(2);
  });

  it('returns no bars for an empty chart (no timestamp, indicators.quote [{}])', async () => {
    const { source } = sourceWithChart('chart-empty.json');
    expect(await source.fetchBars('AAPL', RANGE)).toEqual([]);
  });

  it('sorts out-of-order bars, keeps the last of a duplicate and merges a live point into its minute', async () => {
    const { source, skipped } = sourceWithChart('chart-out-of-order.json');
    const bars = await source.fetchBars('AAPL', RANGE);
    expect(bars.map((b) => b.time)).toEqual([1741100100, 1741100160, 1741100220, 1741100280, 1741100400]);
    expect(bars[1]).toMatchObject({ high: 236.26, volume: 95200 });
    expect(bars[4]).toMatchObject({ open: 236.38, close: 236.42, volume: 20500 });
    expect(await skipped('duplicate_bar')).toBe(1);
  });

  it('drops bars with zero, negative, NaN or infinite prices, high < low, and future or far-past times', async () => {
    const { source, skipped } = sourceWithChart('chart-bad-values.json');
    const bars = await source.fetchBars('AAPL', RANGE);
    expect(bars.map((b) => b.time)).toEqual([1741100400]);
    expect(await skipped('stale_time')).toBe(1);
    expect(await skipped('future_time')).toBe(1);
    expect(await skipped('non_positive_price')).toBe(2);
    expect(await skipped('inconsistent_bar')).toBe(1);
    expect((await skipped('non_finite_price')) + (await skipped('null_bar'))).toBe(2);
  });

  it('reports a chart 404 ("symbol may be delisted") as UNKNOWN_SYMBOL', async () => {
    const { source } = sourceWithChart('chart-not-found.json', 404);
    const err = await sourceError(source.fetchBars('NOPE', RANGE));
    expect(err.code).toBe('UNKNOWN_SYMBOL');
    expect(err.message).toContain('delisted');
  });

  it('reports a malformed chart (quotes without timestamps) as BAD_RESPONSE', async () => {
    const { source } = sourceWithChart('chart-notimestamp-quotes.json');
    expect((await sourceError(source.fetchBars('AAPL', RANGE))).code).toBe('BAD_RESPONSE');
  });

  it('reports a chart 429 as RATE_LIMITED', async () => {
    const { source } = setup({ chart: { '*': http429 } });
    expect((await sourceError(source.fetchBars('AAPL', RANGE))).code).toBe('RATE_LIMITED');
  });
});

describe('createSource', () => {
  it('returns the simulated source for QUOTE_SOURCE=simulated', () => {
    const { logger } = captureLogger();
    const source: QuoteSource = createSource(testConfig().source, logger);
    expect(source.name).toBe('simulated');
  });
});
