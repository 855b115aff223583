import { describe, expect, it } from 'vitest';
import { parseHistoryParams } from './params.ts';

const codeOf = (query: Record<string, unknown>) => {
  try {
    parseHistoryParams(query);
    return 'none';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('history query parameters', () => {
  it('normalizes the symbol and defaults the interval to 1m', () => {
    expect(parseHistoryParams({ symbol: ' brk-b ' })).toEqual({ symbol: 'BRK-B', interval: '1m', adjust: 'split' });
  });

  it('reads unix seconds, ISO date/times with a zone, and plain dates as UTC midnight', () => {
    expect(parseHistoryParams({ symbol: 'AAPL', from: '1715347800', to: '2024-05-10T13:35:00.5+00:00' })).toMatchObject({
      from: 1_715_347_800,
      to: 1_715_348_100,
    });
    expect(parseHistoryParams({ symbol: '^GSPC', interval: '1d', from: '2024-05-10' })).toMatchObject({ symbol: '^GSPC', from: 1_715_299_200 });
  });

  it('treats empty from/to as absent', () => {
    expect(parseHistoryParams({ symbol: 'AAPL', from: '', to: '' })).toEqual({ symbol: 'AAPL', interval: '1m', adjust: 'split' });
  });

  it('takes a range with its default interval unless one is given', () => {
    expect(parseHistoryParams({ symbol: 'AAPL', range: '5y' })).toMatchObject({ range: '5y', interval: '1wk' });
    expect(parseHistoryParams({ symbol: 'AAPL', range: '1y', interval: '1wk', adjust: 'split-dividend' })).toMatchObject({
      range: '1y',
      interval: '1wk',
      adjust: 'split-dividend',
    });
  });

  it('names what is wrong with a code per parameter', () => {
    expect(codeOf({})).toBe('INVALID_SYMBOL');
    expect(codeOf({ symbol: 'WAY-TOO-LONG-SYMBOL-NAME-X' })).toBe('INVALID_SYMBOL');
    expect(codeOf({ symbol: ['AAPL'] })).toBe('INVALID_SYMBOL');
    expect(codeOf({ symbol: 'AAPL', interval: '1M' })).toBe('INVALID_INTERVAL');
    expect(codeOf({ symbol: 'AAPL', from: '-5' })).toBe('INVALID_TIME');
    expect(codeOf({ symbol: 'AAPL', from: '1.5' })).toBe('INVALID_TIME');
    expect(codeOf({ symbol: 'AAPL', to: '2024-02-30' })).toBe('INVALID_TIME');
    expect(codeOf({ symbol: 'AAPL', to: '999999999999' })).toBe('INVALID_TIME');
    expect(codeOf({ symbol: 'AAPL', from: '20', to: '10' })).toBe('INVALID_RANGE');
    expect(codeOf({ symbol: 'AAPL', range: '2y' })).toBe('INVALID_CHART_RANGE');
    expect(codeOf({ symbol: 'AAPL', range: '1y', from: '2024-01-01' })).toBe('RANGE_WITH_FROM_TO');
    expect(codeOf({ symbol: 'AAPL', adjust: 'dividend' })).toBe('INVALID_ADJUST');
  });
});
