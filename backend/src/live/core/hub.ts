// Fan-out. Clients are grouped by the exact set of symbols they follow; per published batch each
// group's selection is encoded once per transport and the same buffer is written to every member.
// A client is only ever written to if its send buffer has room, so a slow one cannot hold up others.
// A batch goes out in slices of `sliceWrites` writes with the event loop free in between: written in
// one go to 19,000 clients it held every other request (health checks, history) for ~400 ms.
import type { BatchInfo } from '../../bus/types.ts';
import type { Metrics } from '../../metrics.ts';
import type { Subscriber } from './subscriber.ts';
import { batchEncoders, type Encoding, type Transport } from './encode.ts';
import { wants, type Entry } from './entry.ts';

interface Group {
  readonly key: string;
  readonly symbols: ReadonlySet<string>;
  readonly clients: Set<Subscriber>;
}

export interface Hub {
  /** Puts the client in the group for `symbols` (it then receives published messages). */
  setSymbols(client: Subscriber, symbols: Iterable<string>): void;
  remove(client: Subscriber): void;
  /**
   * Sends a batch to the clients following it when deliver is called, in order after any batch still
   * going out. Clients that join later get it from their snapshot or replay, which already hold it.
   */
  deliver(entries: readonly Entry[], info: BatchInfo): void;
  /** Resolves once every delivered batch is written (at once when none is going out). */
  settled(): Promise<void>;
  /** Writes entries to one client now (replays), counting them like live sends. False if it was dropped. */
  writeTo(client: Subscriber, entries: readonly Entry[]): boolean;
  /** Whether `bytes` more fit in the client's send buffer; drops it as slow when not. */
  admit(client: Subscriber, bytes: number): boolean;
  groupCount(): number;
  /** Every symbol some client follows (the union of the groups' sets). */
  followedSymbols(): Set<string>;
}

interface Delivery {
  readonly entries: readonly Entry[];
  readonly info: BatchInfo;
  /** each group's members when the batch was delivered, with its selection and its frames */
  readonly targets: { group: Group; clients: Subscriber[]; selected: readonly Entry[]; frames: Partial<Record<Encoding, Buffer>> }[];
  target: number;
  client: number;
  readonly sent: Record<Transport, [messages: number, bytes: number]>;
}

/** Writes between two turns of the event loop: ~20 ms on this kind of machine. */
export const SLICE_WRITES = 1000;

export function createHub(opts: { metrics: Metrics; slowClientBytes: number; now: () => number; sliceWrites?: number }): Hub {
  const { metrics, slowClientBytes } = opts;
  const sliceWrites = opts.sliceWrites ?? SLICE_WRITES;
  const pending: Delivery[] = [];
  let idle: (() => void)[] = [];
  const groups = new Map<string, Group>();
  const groupOf = new Map<Subscriber, Group>();

  const detach = (client: Subscriber) => {
    const group = groupOf.get(client);
    if (!group) return;
    group.clients.delete(client);
    groupOf.delete(client);
    if (group.clients.size === 0) groups.delete(group.key);
  };

  const admit = (client: Subscriber, bytes: number) => {
    const buffered = client.buffered();
    if (buffered + bytes <= slowClientBytes || buffered === 0) return true;
    metrics.slowClientsDropped.inc({ transport: client.transport });
    client.dropSlow(`send buffer passed ${slowClientBytes} bytes (${buffered} waiting): the client reads too slowly`);
    return false;
  };

  const count = (transport: Transport, messages: number, bytes: number) => {
    metrics.messagesSent.inc({ transport }, messages);
    metrics.bytesSent.inc({ transport }, bytes);
  };

  /** Writes one client's part of a delivery (or queues it behind the client's replay). */
  const send = (d: Delivery, t: Delivery['targets'][number], client: Subscriber) => {
    if (client.backlog) {
      // A replay is being written to this client: queue everything, filter when flushing.
      for (const e of d.entries) client.backlogBytes += e.json.length;
      client.backlog.push(...d.entries);
      if (client.backlogBytes > slowClientBytes) {
        metrics.slowClientsDropped.inc({ transport: client.transport });
        client.dropSlow(`more than ${slowClientBytes} bytes queued behind the replay: the client reads too slowly`);
      }
      return;
    }
    if (!client.isOpen()) return;
    const current = groupOf.get(client);
    if (current === undefined) return;
    // It changed its symbols while the batch was going out: what it followed then and still follows.
    const moved = current !== t.group;
    const selected = moved ? t.selected.filter((e) => wants(client.symbols, e)) : t.selected;
    if (selected.length === 0) return;
    const frame = moved ? batchEncoders[client.encoding](selected) : (t.frames[client.encoding] ??= batchEncoders[client.encoding](selected));
    if (!admit(client, frame.length)) return;
    client.write(frame);
    const tally = d.sent[client.transport];
    tally[0] += selected.length;
    tally[1] += frame.length;
  };

  /** Works through the pending deliveries, `sliceWrites` clients at a time. */
  const run = () => {
    let budget = sliceWrites;
    while (pending.length > 0) {
      const d = pending[0] as Delivery;
      for (; d.target < d.targets.length; d.target++, d.client = 0) {
        const t = d.targets[d.target] as Delivery['targets'][number];
        while (d.client < t.clients.length) {
          if (budget-- === 0) {
            setImmediate(run);
            return;
          }
          send(d, t, t.clients[d.client++] as Subscriber);
        }
      }
      pending.shift();
      for (const transport of ['ws', 'sse'] as const) {
        if (d.sent[transport][0] > 0) count(transport, d.sent[transport][0], d.sent[transport][1]);
      }
      metrics.publishToSend.observe(Math.max(0, opts.now() - d.info.publishedAt) / 1000);
    }
    const waiting = idle;
    idle = [];
    for (const resolve of waiting) resolve();
  };

  return {
    setSymbols(client, symbols) {
      const set = new Set(symbols);
      client.symbols = set;
      client.positioned = true;
      const key = [...set].sort().join(',');
      if (groupOf.get(client)?.key === key) return;
      detach(client);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, symbols: set, clients: new Set() }));
      group.clients.add(client);
      groupOf.set(client, group);
    },
    remove: detach,
    deliver(entries, info) {
      const targets = [...groups.values()].map((group) => ({
        group,
        clients: [...group.clients],
        selected: entries.every((e) => wants(group.symbols, e)) ? entries : entries.filter((e) => wants(group.symbols, e)),
        frames: {},
      }));
      pending.push({ entries, info, targets, target: 0, client: 0, sent: { ws: [0, 0], sse: [0, 0] } });
      // a batch already going out carries on from its own setImmediate; this one waits behind it
      if (pending.length === 1) run();
    },
    settled() {
      return pending.length === 0 ? Promise.resolve() : new Promise((resolve) => idle.push(resolve));
    },
    writeTo(client, entries) {
      const selected = entries.filter((e) => wants(client.symbols, e));
      if (selected.length === 0) return client.isOpen();
      const frame = batchEncoders[client.encoding](selected);
      if (!client.isOpen() || !admit(client, frame.length)) return false;
      client.write(frame);
      count(client.transport, selected.length, frame.length);
      return true;
    },
    admit,
    groupCount: () => groups.size,
    followedSymbols() {
      const out = new Set<string>();
      for (const group of groups.values()) for (const s of group.symbols) out.add(s);
      return out;
    },
  };
}
