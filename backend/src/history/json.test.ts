import { describe, expect, it } from 'vitest';
import type { HistoryResponse } from '@tickstream/shared';
import { historyJson } from './json.ts';

const bar = (time: number) => ({ time, open: 1.5, high: 2, low: 1, close: 1.25, volume: 1e21 });

describe('history JSON', () => {
  it('is the answer as JSON.stringify writes it, bars included, whether a bar was written before or not', () => {
    const shared = [bar(86_400), bar(2 * 86_400)];
    const answer = (extra: number): HistoryResponse => ({ symbol: 'AAPL', interval: '1d', candles: [...shared, bar(extra)], from: 0, to: extra, adjusted: 'split' });
    for (const extra of [3 * 86_400, 4 * 86_400]) expect(JSON.parse(historyJson(answer(extra)))).toEqual(JSON.parse(JSON.stringify(answer(extra))));
    expect(JSON.parse(historyJson({ symbol: 'X', interval: '1m', candles: [] }))).toEqual({ symbol: 'X', interval: '1m', candles: [] });
  });
});
