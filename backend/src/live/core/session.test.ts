import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Tick } from '@tickstream/shared';
import type { BusMessage } from '../../bus/types.ts';
import { fakeSubscriber, wsFramePayload } from '../../../test/fixtures/fake-subscriber.ts';
import { createMetrics } from '../../metrics.ts';
import type { Store } from '../../store/types.ts';
import { createHub } from './hub.ts';
import { createSessions } from './session.ts';
import { createStream } from './stream.ts';

const info = { publishedAt: 0 };
const msg = (offset: number): BusMessage => ({ type: 'tick', epoch: 'e', offset, tick: { symbol: 'AAPL', time: offset, price: 1 } as Tick });
/** Lets the session run until it waits on something the test controls. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A WebSocket-like client whose send buffer stays full until the test lets it drain. */
function congestedClient() {
  const drains: (() => void)[] = [];
  let full = true;
  const client = fakeSubscriber({
    // Above the replay's high-water mark (256 KiB) while full, far below the slow-client cap.
    buffered: () => (full ? 300_000 : 0),
    drained: () => new Promise<void>((resolve) => drains.push(resolve)),
  });
  return {
    client,
    controls: client.controls,
    drains,
    offsets: () => client.frames.flatMap((f) => wsFramePayload(f).map((m) => m.offset)),
    unclog: () => void (full = false),
  };
}

function setup() {
  const hub = createHub({ metrics: createMetrics(), slowClientBytes: 4 << 20, now: Date.now });
  const stream = createStream({
    ringSize: 100,
    indexSize: 800,
    logger: pino({ level: 'silent' }),
    onEntries: (entries, batch) => hub.deliver(entries, batch),
    onDiscontinuity: () => undefined,
  });
  stream.warm({ epoch: 'e', offset: 5, messages: [1, 2, 3, 4, 5].map(msg), status: null });
  const sessions = createSessions({ stream, hub, store: {} as Store, logger: pino({ level: 'silent' }), maxSymbols: 10, slowClientBytes: 4 << 20 });
  return { stream, sessions };
}

describe('resume hand-off', () => {
  it('keeps flushing until the backlog stays empty: messages queued while a flush waits for a drain go out next, in order', async () => {
    const { stream, sessions } = setup();
    const c = congestedClient();
    const resuming = sessions.subscribe(c.client, ['AAPL'], { epoch: 'e', offset: 2 });

    // The replay of 3..5 waits for the socket to drain; 6 is published meanwhile and queues.
    await settle();
    expect(c.drains).toHaveLength(1);
    stream.apply([msg(6)], info);
    expect(c.client.backlog?.map((e) => e.offset)).toEqual([6]);
    c.drains[0]?.();

    // Flushing 6 waits for a drain too; 7 is published meanwhile and queues behind it.
    await settle();
    expect(c.drains).toHaveLength(2);
    stream.apply([msg(7)], info);
    c.unclog();
    c.drains[1]?.();
    await resuming;

    expect(c.client.backlog).toBeNull();
    stream.apply([msg(8)], info); // live again: written at once
    expect(c.offsets()).toEqual([3, 4, 5, 6, 7, 8]);
    expect(c.controls.map((m) => m.type)).toEqual(['subscribed', 'resumed']);
    expect(c.controls[1]).toMatchObject({ recovered: true, offset: 5, replayed: 3 });
  });
});
