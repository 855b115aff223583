import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { parsePortfolioSeed } from '../config-portfolio.ts';

describe('parsePortfolioSeed', () => {
  it('reads SYMBOL:QUANTITY@COST entries as exact holdings', () => {
    expect(parsePortfolioSeed('AAPL:10@150.25, msft:5@310,BTC-USD:0.5@42000.10')).toEqual({
      ok: true,
      holdings: [
        { symbol: 'AAPL', quantity: '10', costPerShare: '150.25', note: null, acquiredOn: null },
        { symbol: 'MSFT', quantity: '5', costPerShare: '310', note: null, acquiredOn: null },
        { symbol: 'BTC-USD', quantity: '0.5', costPerShare: '42000.1', note: null, acquiredOn: null },
      ],
    });
  });

  it.each([
    ['AAPL:10', 'entry "AAPL:10" is not SYMBOL:QUANTITY@COST, e.g. AAPL:10@150.25'],
    ['AAPL:10@150.25,', 'entry "" is not SYMBOL:QUANTITY@COST, e.g. AAPL:10@150.25'],
    ['AAPL:0@1', 'entry "AAPL:0@1": quantity must be greater than zero'],
    ['AAPL:1@1e3', 'entry "AAPL:1@1e3": cost must be written without an exponent, like 150.25'],
    ['AAPL:1@-3', 'entry "AAPL:1@-3": cost must be greater than zero'],
    ['$$$:1@1', 'entry "$$$:1@1": "$$$" is not a ticker symbol'],
    ['AAPL:1.123456789@1', 'entry "AAPL:1.123456789@1": quantity must have at most 8 decimal places'],
  ])('refuses %s and says which entry is wrong', (raw, message) => {
    expect(parsePortfolioSeed(raw)).toEqual({ ok: false, message });
  });

  it('fails config loading with a message naming PORTFOLIO', () => {
    expect(() => loadConfig({ PORTFOLIO: 'AAPL:ten@150' })).toThrow(
      new ConfigError('PORTFOLIO: "AAPL:ten@150" entry "AAPL:ten@150": quantity must be a plain decimal number, like 10 or 150.25'),
    );
    expect(loadConfig({ PORTFOLIO: 'AAPL:10@150.25' }).portfolioSeed).toBe('AAPL:10@150.25');
    expect(loadConfig({ PORTFOLIO: '' }).portfolioSeed).toBeUndefined();
  });
});
