import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { PublishedMessage, Tick } from '@tickstream/shared';
import { createInProcessBus } from './in-process.ts';

const logger = pino({ level: 'silent' });
const tick = (symbol: string, time: number) => ({ symbol, time, price: 1, source: 'simulated' }) as Tick;

describe('memory bus', () => {
  it('starts an epoch at the start time with offsets from start ms x 1000', async () => {
    const bus = createInProcessBus(logger, () => 1_700_000_000_123);
    const state = await bus.state(10);
    expect(state.epoch).toMatch(/^1700000000123-[0-9a-f]{8}$/);
    expect(state.offset).toBe(1_700_000_000_123_000);
    expect(state.messages).toEqual([]);
  });

  it('gives each message the next offset and delivers the positioned batch to every listener', async () => {
    const bus = createInProcessBus(logger, () => 1000);
    const a: PublishedMessage[][] = [];
    const b: PublishedMessage[][] = [];
    bus.subscribe((batch) => a.push(batch));
    const stop = bus.subscribe((batch) => b.push(batch));
    const first = await bus.publish([{ type: 'tick', tick: tick('AAPL', 1) }, { type: 'tick', tick: tick('MSFT', 1) }]);
    stop();
    await bus.publish([{ type: 'tick', tick: tick('AAPL', 2) }]);
    expect(first.map((m) => m.offset)).toEqual([1_000_001, 1_000_002]);
    expect(a.map((batch) => batch.map((m) => m.offset))).toEqual([[1_000_001, 1_000_002], [1_000_003]]);
    expect(b).toEqual([first]);
    expect(Object.keys(first[0] as object).slice(0, 3)).toEqual(['type', 'epoch', 'offset']);
  });

  it('remembers the latest status for instances that join later', async () => {
    const bus = createInProcessBus(logger);
    const status = { state: 'down', source: 'yahoo' } as never;
    await bus.publish([{ type: 'status', status }]);
    expect((await bus.state(0)).status).toBe(status);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const bus = createInProcessBus(logger);
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((batch) => seen.push(batch.length));
    await bus.publish([{ type: 'tick', tick: tick('AAPL', 1) }]);
    expect(seen).toEqual([1]);
  });
});
