import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    expect(c.watchlist).toEqual(['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA', 'TSLA', 'BTC-USD', 'ETH-USD']);
    expect(c.source.kind).toBe('yahoo');
    expect(c.poll.intervalMs).toBe(60_000);
    expect(c.db).toEqual({ url: undefined, dataDir: './data' });
    expect(c.http.host).toBe('127.0.0.1');
    expect(c.http.port).toBe(3000);
    expect(c.redis.url).toBeUndefined();
  });

  it('normalizes and deduplicates the watchlist', () => {
    expect(loadConfig({ WATCHLIST: ' aapl,msft , AAPL,eurusd=x,^gspc' }).watchlist).toEqual(['AAPL', 'MSFT', 'EURUSD=X', '^GSPC']);
  });

  it('names the variable and the bad value in one line', () => {
    expect(() => loadConfig({ WATCHLIST: 'AAPL,,$$' })).toThrow(new ConfigError('WATCHLIST: "AAPL,,$$" is not a list of ticker symbols'));
  });

  it('reports every bad variable, one line each', () => {
    try {
      loadConfig({ PORT: 'eighty', QUOTE_SOURCE: 'bloomberg', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      const lines = (err as Error).message.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines.some((l) => l.startsWith('PORT: "eighty" must be a whole number'))).toBe(true);
      expect(lines.some((l) => l.startsWith('QUOTE_SOURCE:'))).toBe(true);
      expect(lines.some((l) => l.startsWith('DATABASE_URL:'))).toBe(true);
    }
  });

  it('treats empty optional variables as unset', () => {
    const c = loadConfig({ REDIS_URL: '', DATABASE_URL: '' });
    expect(c.redis.url).toBeUndefined();
    expect(c.db.url).toBeUndefined();
  });
});
