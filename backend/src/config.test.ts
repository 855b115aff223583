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

  it('reads ALLOWED_HOSTS as lower-case host names and refuses schemes and ports', () => {
    expect(loadConfig({ ALLOWED_HOSTS: ' NAS.lan, .example.com ,' }).http.allowedHosts).toEqual(['nas.lan', '.example.com']);
    expect(loadConfig({}).http.allowedHosts).toBeUndefined();
    for (const bad of ['http://nas.lan', 'nas.lan:3000', 'a b']) {
      expect(() => loadConfig({ ALLOWED_HOSTS: bad })).toThrow(/^ALLOWED_HOSTS: .*must be a comma-separated list of host names/);
    }
  });
});

describe('configuration errors never print a secret', () => {
  const messageOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it.each([
    ['API_TOKEN', 'short-secret', /^API_TOKEN: must be at least 16 characters \(value not shown: it is secret\)$/],
    ['DATABASE_URL', 'mysql://admin:hunter2pass@db/x', /^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL \(value not shown/],
    ['DATABASE_URL', 'hunter2pass', /^DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ['REDIS_URL', 'http://:hunter2pass@cache', /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
  ])('%s=%s names the variable and the rule only', (name, value, expected) => {
    const message = messageOf({ [name]: value });
    expect(message).toMatch(expected);
    expect(message).not.toContain(value);
    expect(message).not.toContain('hunter2pass');
    expect(message).not.toContain('short-secret');
  });

  it('still quotes the value of variables that are not secret', () => {
    expect(messageOf({ PORT: 'eighty' })).toBe('PORT: "eighty" must be a whole number');
  });
});
