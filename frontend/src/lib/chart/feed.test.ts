import { describe, expect, it } from 'vitest';
import type { Candle } from '@tickstream/shared';
import { ChartFeed, type ChartSink } from './feed.ts';

const T0 = 1_700_000_040;
const bar = (time: number, close: number, volume = 10): Candle => ({
  time,
  open: close,
  high: close,
  low: close,
  close,
  volume,
});

function recorder() {
  const calls: Array<{ reset: Candle[] } | { update: Candle; historical: boolean }> = [];
  const sink: ChartSink & { throwOnUpdate?: boolean } = {
    reset: (bars) => void calls.push({ reset: [...bars] }),
    update(b, historical) {
      if (sink.throwOnUpdate) throw new Error('Cannot update oldest data');
      calls.push({ update: b, historical });
    },
  };
  return { calls, sink };
}

describe('ChartFeed', () => {
  it('buffers what arrives while history loads and applies it after, in time order', () => {
    const { calls, sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    feed.push({ kind: 'tick', time: T0 + 125, price: 103 });
    feed.push({ kind: 'candle', candle: bar(T0 + 60, 101, 7) });
    feed.push({ kind: 'tick', time: T0 + 30, price: 99 });
    expect(calls).toEqual([]);

    feed.completeLoad({ candles: [bar(T0, 100), bar(T0 + 60, 100.5)], minuteSeed: null });

    expect(calls).toHaveLength(1);
    // The tick at T0+30 is older than the forming bar once history is in: dropped.
    expect(feed.bars.map((b) => [b.time, b.close, b.volume])).toEqual([
      [T0, 100, 10],
      [T0 + 60, 101, 7],
      [T0 + 120, 103, 0],
    ]);
    expect(calls[0]).toEqual({ reset: feed.bars });
  });

  it('applies buffered inputs by their time, not their arrival order: a late tick still lands in its own minute', () => {
    const { sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    // Arrival order: the T0+180 minute first, then a tick from the T0+120 minute (e.g. a resumed replay).
    feed.push({ kind: 'tick', time: T0 + 185, price: 104 });
    feed.push({ kind: 'tick', time: T0 + 130, price: 102 });
    feed.push({ kind: 'tick', time: T0 + 181, price: 105 });

    feed.completeLoad({ candles: [bar(T0, 100), bar(T0 + 60, 101)], minuteSeed: null });

    expect(feed.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [T0, 100, 100, 100, 100],
      [T0 + 60, 101, 101, 101, 101],
      [T0 + 120, 102, 102, 102, 102],
      [T0 + 180, 105, 105, 104, 104],
    ]);
  });

  it('passes live inputs straight through once loaded', () => {
    const { calls, sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    feed.completeLoad({ candles: [bar(T0, 100)], minuteSeed: null });
    feed.push({ kind: 'tick', time: T0 + 61, price: 101 });
    expect(calls.at(-1)).toEqual({ update: bar(T0 + 60, 101, 0), historical: false });
  });

  it('keeps showing old bars while a reload is in flight, then repaints once', () => {
    const { calls, sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    feed.completeLoad({ candles: [bar(T0, 100)], minuteSeed: null });
    feed.beginLoad();
    feed.push({ kind: 'tick', time: T0 + 200, price: 110 });
    expect(feed.bars).toHaveLength(1);
    feed.completeLoad({ candles: [bar(T0, 100), bar(T0 + 60, 101), bar(T0 + 120, 102)], minuteSeed: null });
    expect(feed.bars.map((b) => b.time)).toEqual([T0, T0 + 60, T0 + 120, T0 + 180]);
    expect(calls.filter((c) => 'reset' in c)).toHaveLength(2);
  });

  it('falls back to a full reset if the chart refuses an update', () => {
    const { calls, sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    feed.completeLoad({ candles: [bar(T0, 100)], minuteSeed: null });
    sink.throwOnUpdate = true;
    expect(() => feed.push({ kind: 'tick', time: T0 + 1, price: 105 })).not.toThrow();
    expect(calls.at(-1)).toEqual({ reset: [{ ...bar(T0, 100), high: 105, close: 105 }] });
  });

  it('drops live inputs that are older than everything loaded', () => {
    const { calls, sink } = recorder();
    const feed = new ChartFeed('1m', sink);
    feed.push({ kind: 'candle', candle: bar(T0 - 3600, 50) });
    feed.completeLoad({ candles: [bar(T0, 100)], minuteSeed: null });
    feed.push({ kind: 'candle', candle: bar(T0 - 7200, 50) });
    expect(feed.bars.map((b) => b.time)).toEqual([T0]);
    expect(calls).toHaveLength(1);
  });
});
