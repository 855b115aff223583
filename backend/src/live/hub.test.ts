import { describe, expect, it } from 'vitest';
import type { ControlMessage } from '@tickstream/shared';
import { createMetrics } from '../metrics.ts';
import type { LiveClient } from './client.ts';
import type { Entry } from './entry.ts';
import { createHub } from './hub.ts';

const entry = (offset: number, symbol: string | null): Entry => ({
  offset,
  type: symbol ? 'tick' : 'status',
  symbol,
  time: 0,
  json: JSON.stringify({ offset, symbol }),
});

interface FakeClient extends LiveClient {
  frames: Buffer[];
  dropped: string | null;
}

let ids = 0;
function fake(transport: 'ws' | 'sse' = 'ws', buffered = 0): FakeClient {
  const c: FakeClient = {
    id: ++ids,
    transport,
    ip: '127.0.0.1',
    symbols: new Set(),
    positioned: false,
    backlog: null,
    backlogBytes: 0,
    queue: Promise.resolve(),
    frames: [],
    dropped: null,
    isOpen: () => c.dropped === null,
    buffered: () => buffered,
    write: (frame) => void c.frames.push(frame),
    sendControl: (_m: ControlMessage) => undefined,
    drained: async () => undefined,
    dropSlow: (reason) => void (c.dropped = reason),
    close: () => undefined,
  };
  return c;
}

const payload = (frame: Buffer) => JSON.parse(frame.subarray(frame[1] === 126 ? 4 : 2).toString()) as { offset: number }[];
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
