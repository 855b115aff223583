import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Tick } from '@tickstream/shared';
import type { BusMessage } from '../../bus/types.ts';
import type { Entry } from './entry.ts';
import { createStream } from './stream.ts';

const info = { publishedAt: 0 };
const msg = (epoch: string, offset: number, symbol = 'AAPL', time = offset): BusMessage => ({
  type: 'tick',
  epoch,
  offset,
  tick: { symbol, time, price: 1 } as Tick,
});

function setup(ringSize = 10) {
  const delivered: number[][] = [];
  const breaks: string[] = [];
  const stream = createStream({
    ringSize,
    indexSize: ringSize * 8,
    logger: pino({ level: 'silent' }),
    onEntries: (entries: Entry[]) => delivered.push(entries.map((e) => e.offset)),
    onDiscontinuity: (reason) => breaks.push(reason),
  });
  return { stream, delivered, breaks };
}

describe('stream state', () => {
  it('holds batches that arrive before the warm-up and applies them after it without repeats', () => {
    const { stream, delivered } = setup();
    stream.apply([msg('e', 11), msg('e', 12)], info);
    stream.apply([msg('e', 13)], info);
    expect(delivered).toEqual([]);
    stream.warm({ epoch: 'e', offset: 12, messages: [msg('e', 11), msg('e', 12)], status: null });
    expect(delivered).toEqual([[13]]);
    expect(stream.offset()).toBe(13);
    expect(stream.ring.after(10)?.map((e) => e.offset)).toEqual([11, 12, 13]);
  });

  it('warms the ring with only the contiguous tail of what the bus returned', () => {
    const { stream } = setup();
    stream.warm({ epoch: 'e', offset: 9, messages: [msg('e', 5), msg('e', 8), msg('e', 9)], status: null });
    expect(stream.ring.oldest()).toBe(8);
    expect(stream.index.covers(6)).toBe(false);
  });

  it('sends each message with its offset and without its epoch, which the connection names once', () => {
    const { stream } = setup();
    stream.warm({ epoch: 'e', offset: 10, messages: [], status: null });
    stream.apply([msg('e', 11)], info);
    const [entry] = stream.ring.after(10) ?? [];
    expect(JSON.parse(entry?.json ?? '{}')).toEqual({ type: 'tick', offset: 11, tick: { symbol: 'AAPL', time: 11, price: 1 } });
  });

  it('keeps the newest tick per symbol', () => {
    const { stream } = setup();
    stream.warm({ epoch: 'e', offset: 0, messages: [], status: null });
    stream.apply([msg('e', 1, 'AAPL', 100), msg('e', 2, 'AAPL', 90), msg('e', 3, 'MSFT', 5)], info);
    expect(stream.latestTicks.get('AAPL')?.time).toBe(100);
    expect(stream.latestTicks.get('MSFT')?.time).toBe(5);
  });

  it('reports a gap, forgets positions before it and carries on from the new offset', () => {
    const { stream, delivered, breaks } = setup();
    stream.warm({ epoch: 'e', offset: 0, messages: [], status: null });
    stream.apply([msg('e', 1)], info);
    stream.apply([msg('e', 5)], info);
    expect(breaks).toEqual(['messages were lost between the bus and this server']);
    expect(delivered).toEqual([[1], [5]]);
    expect(stream.ring.after(0)).toBeNull();
    expect(stream.ring.after(4)?.map((e) => e.offset)).toEqual([5]);
  });

  it('switches to a new epoch and reports that earlier positions are void', () => {
    const { stream, breaks } = setup();
    stream.warm({ epoch: 'old', offset: 3, messages: [], status: null });
    stream.apply([msg('new', 9001)], info);
    expect(stream.epoch()).toBe('new');
    expect(stream.offset()).toBe(9001);
    expect(breaks).toHaveLength(1);
  });

  it('tells a waiter when the stream reaches a position, or gives up after the timeout', async () => {
    const { stream } = setup();
    stream.warm({ epoch: 'e', offset: 0, messages: [], status: null });
    const reached = stream.reached(2, 1000);
    const never = stream.reached(50, 20);
    stream.apply([msg('e', 1), msg('e', 2)], info);
    expect(await reached).toBe(true);
    expect(await never).toBe(false);
  });

  it('moves entries evicted from the ring into the position index', () => {
    const { stream } = setup(2);
    stream.warm({ epoch: 'e', offset: 0, messages: [], status: null });
    stream.apply([msg('e', 1), msg('e', 2), msg('e', 3), msg('e', 4)], info);
    expect(stream.ring.after(0)).toBeNull();
    expect(stream.index.covers(0)).toBe(true);
    expect(stream.index.after(0, new Set(['AAPL'])).map((p) => p.offset)).toEqual([1, 2]);
  });
});
