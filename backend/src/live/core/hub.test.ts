import { describe, expect, it } from 'vitest';
import { fakeSubscriber, wsFramePayload } from '../../../test/fixtures/fake-subscriber.ts';
import { createMetrics } from '../../metrics.ts';
import type { Entry } from './entry.ts';
import { batchEncoders } from './encode.ts';
import { createHub } from './hub.ts';

const entry = (offset: number, symbol: string | null): Entry => ({
  offset,
  type: symbol ? 'tick' : 'status',
  symbol,
  time: 0,
  json: JSON.stringify({ offset, symbol }),
});

const fake = (transport: 'ws' | 'sse' = 'ws', buffered = 0) => fakeSubscriber({ transport, buffered: () => buffered });
const payload = wsFramePayload;
const batch = [entry(1, 'AAPL'), entry(2, 'MSFT'), entry(3, null)];
const info = { publishedAt: Date.now() };

describe('fan-out hub', () => {
  it('encodes a batch once per subscription set and writes the same buffer to every member', () => {
    const hub = createHub({ metrics: createMetrics(), slowClientBytes: 1 << 20, now: Date.now });
    const [a, b, c] = [fake(), fake(), fake()];
    hub.setSymbols(a, ['AAPL', 'MSFT']);
    hub.setSymbols(b, ['MSFT', 'AAPL']);
    hub.setSymbols(c, ['AAPL']);
    expect(hub.groupCount()).toBe(2);
    hub.deliver(batch, info);
    expect(a.frames).toHaveLength(1);
    expect(a.frames[0]).toBe(b.frames[0]);
    expect(payload(a.frames[0] as Buffer).map((m) => m.offset)).toEqual([1, 2, 3]);
    expect(payload(c.frames[0] as Buffer).map((m) => m.offset)).toEqual([1, 3]);
  });

  it('sends status messages even to clients that follow no symbols any more, and nothing to unsubscribed ones', () => {
    const hub = createHub({ metrics: createMetrics(), slowClientBytes: 1 << 20, now: Date.now });
    const emptied = fake();
    hub.setSymbols(emptied, []);
    const never = fake();
    hub.deliver(batch, info);
    expect(payload(emptied.frames[0] as Buffer).map((m) => m.offset)).toEqual([3]);
    expect(never.frames).toEqual([]);
  });

  it('drops a client whose send buffer is past the cap, counts it, and still serves the others', async () => {
    const metrics = createMetrics();
    const hub = createHub({ metrics, slowClientBytes: 1000, now: Date.now });
    const slow = fake('ws', 5000);
    const ok = fake();
    hub.setSymbols(slow, ['AAPL']);
    hub.setSymbols(ok, ['AAPL']);
    hub.deliver(batch, info);
    expect(slow.dropped).toMatch(/passed 1000 bytes/);
    expect(slow.frames).toEqual([]);
    expect(ok.frames).toHaveLength(1);
    expect((await metrics.slowClientsDropped.get()).values[0]?.value).toBe(1);
  });

  it('admits a frame that fills the send buffer exactly to the cap and drops the client for one byte more', async () => {
    const metrics = createMetrics();
    const hub = createHub({ metrics, slowClientBytes: 1000, now: Date.now });
    // 900 bytes already waiting: the frame being admitted counts too, not just what is buffered.
    const fits = fake('ws', 900);
    expect(hub.admit(fits, 100)).toBe(true);
    expect(fits.dropped).toBeNull();
    const over = fake('ws', 900);
    expect(hub.admit(over, 101)).toBe(false);
    expect(over.dropped).toMatch(/passed 1000 bytes \(900 waiting\)/);
    // through delivery: a batch frame that would carry a client past the cap is not written
    const frameBytes = batchEncoders.ws(batch).length;
    const atCap = fake('ws', 1000 - frameBytes);
    const pastCap = fake('ws', 1000 - frameBytes + 1);
    hub.setSymbols(atCap, ['AAPL', 'MSFT']);
    hub.setSymbols(pastCap, ['AAPL', 'MSFT']);
    hub.deliver(batch, info);
    expect(atCap.frames).toHaveLength(1);
    expect(pastCap.frames).toEqual([]);
    expect(pastCap.dropped).toMatch(/passed 1000 bytes/);
    expect((await metrics.slowClientsDropped.get()).values[0]?.value).toBe(2);
  });

  it('queues whole batches for a client that is being replayed to', () => {
    const hub = createHub({ metrics: createMetrics(), slowClientBytes: 1 << 20, now: Date.now });
    const c = fake();
    hub.setSymbols(c, ['AAPL']);
    c.backlog = [];
    hub.deliver(batch, info);
    expect(c.frames).toEqual([]);
    expect(c.backlog.map((e) => e.offset)).toEqual([1, 2, 3]);
  });

  it('frames SSE clients as events with ids', () => {
    const hub = createHub({ metrics: createMetrics(), slowClientBytes: 1 << 20, now: Date.now });
    const s = fake('sse');
    hub.setSymbols(s, ['MSFT']);
    hub.deliver(batch, info);
    expect(String(s.frames[0])).toBe(`id: 2\nevent: tick\ndata: ${entry(2, 'MSFT').json}\n\nid: 3\nevent: status\ndata: ${entry(3, null).json}\n\n`);
  });

  it('counts messages and bytes per transport', async () => {
    const metrics = createMetrics();
    const hub = createHub({ metrics, slowClientBytes: 1 << 20, now: Date.now });
    const [a, b] = [fake(), fake()];
    hub.setSymbols(a, ['AAPL']);
    hub.setSymbols(b, ['AAPL']);
    hub.deliver(batch, info);
    expect((await metrics.messagesSent.get()).values[0]).toMatchObject({ labels: { transport: 'ws' }, value: 4 });
    expect((await metrics.bytesSent.get()).values[0]?.value).toBe((a.frames[0] as Buffer).length * 2);
  });
});

describe('fan-out hub in slices', () => {
  const sliced = () => createHub({ metrics: createMetrics(), slowClientBytes: 1 << 20, now: Date.now, sliceWrites: 2 });
  const offsets = (c: ReturnType<typeof fake>) => c.frames.flatMap((f) => payload(f).map((m) => m.offset));
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it('writes to a few clients per turn of the event loop, so other work runs while a batch goes out', async () => {
    const hub = sliced();
    const clients = Array.from({ length: 5 }, () => fake());
    for (const c of clients) hub.setSymbols(c, ['AAPL']);
    hub.deliver(batch, info);
    expect(clients.filter((c) => c.frames.length > 0)).toHaveLength(2);
    let between = false;
    setImmediate(() => (between = clients.filter((c) => c.frames.length > 0).length < 5));
    await hub.settled();
    expect(between).toBe(true);
    expect(clients.map(offsets)).toEqual(clients.map(() => [1, 3]));
  });

  it('sends a batch published while another is going out after it, to every client in offset order', async () => {
    const hub = sliced();
    const clients = Array.from({ length: 5 }, () => fake());
    for (const c of clients) hub.setSymbols(c, ['AAPL', 'MSFT']);
    hub.deliver(batch, info);
    hub.deliver([entry(4, 'MSFT'), entry(5, 'AAPL')], info);
    await hub.settled();
    expect(clients.map(offsets)).toEqual(clients.map(() => [1, 2, 3, 4, 5]));
  });

  it('does not send a batch to a client that joined after it was delivered (its snapshot holds it), only the next one', async () => {
    const hub = sliced();
    const early = Array.from({ length: 4 }, () => fake());
    for (const c of early) hub.setSymbols(c, ['AAPL']);
    hub.deliver(batch, info);
    const late = fake();
    hub.setSymbols(late, ['AAPL']);
    await turn();
    hub.deliver([entry(4, 'AAPL')], info);
    await hub.settled();
    expect(offsets(late)).toEqual([4]);
    expect(early.map(offsets)).toEqual(early.map(() => [1, 3, 4]));
  });

  it('sends a client that changed its symbols mid-batch only what it still follows, and nothing to one that left or closed', async () => {
    const hub = sliced();
    const first = [fake(), fake()];
    const [narrowed, left, closed] = [fake(), fake(), fake()];
    for (const c of [...first, narrowed, left, closed]) hub.setSymbols(c, ['AAPL', 'MSFT']);
    hub.deliver(batch, info);
    hub.setSymbols(narrowed, ['MSFT']);
    hub.remove(left);
    closed.dropSlow('gone');
    await hub.settled();
    expect(first.map(offsets)).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(offsets(narrowed)).toEqual([2, 3]);
    expect(left.frames).toEqual([]);
    expect(closed.frames).toEqual([]);
  });

  it('is settled at once when nothing is going out', async () => {
    const hub = sliced();
    await expect(hub.settled()).resolves.toBeUndefined();
  });
});
