// Fan-out. Clients are grouped by the exact set of symbols they follow; per published batch each
// group's selection is encoded once per transport and the same buffer is written to every member.
// A client is only ever written to if its send buffer has room, so a slow one cannot hold up others.
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
  deliver(entries: readonly Entry[], info: BatchInfo): void;
  /** Writes entries to one client now (replays), counting them like live sends. False if it was dropped. */
  writeTo(client: Subscriber, entries: readonly Entry[]): boolean;
  /** Whether `bytes` more fit in the client's send buffer; drops it as slow when not. */
  admit(client: Subscriber, bytes: number): boolean;
  groupCount(): number;
  /** Every symbol some client follows (the union of the groups' sets). */
  followedSymbols(): Set<string>;
}

export function createHub(opts: { metrics: Metrics; slowClientBytes: number; now: () => number }): Hub {
  const { metrics, slowClientBytes } = opts;
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
      const sent: Record<Transport, [messages: number, bytes: number]> = { ws: [0, 0], sse: [0, 0] };
      for (const group of groups.values()) {
        const selected = entries.every((e) => wants(group.symbols, e)) ? entries : entries.filter((e) => wants(group.symbols, e));
        const frames: Partial<Record<Encoding, Buffer>> = {};
        for (const client of group.clients) {
          if (client.backlog) {
            // A replay is being written to this client: queue everything, filter when flushing.
            for (const e of entries) client.backlogBytes += e.json.length;
            client.backlog.push(...entries);
            if (client.backlogBytes > slowClientBytes) {
              metrics.slowClientsDropped.inc({ transport: client.transport });
              client.dropSlow(`more than ${slowClientBytes} bytes queued behind the replay: the client reads too slowly`);
            }
            continue;
          }
          if (selected.length === 0 || !client.isOpen()) continue;
          const frame = (frames[client.encoding] ??= batchEncoders[client.encoding](selected));
          if (!admit(client, frame.length)) continue;
          client.write(frame);
          const tally = sent[client.transport];
          tally[0] += selected.length;
          tally[1] += frame.length;
        }
      }
      for (const transport of ['ws', 'sse'] as const) {
        if (sent[transport][0] > 0) count(transport, sent[transport][0], sent[transport][1]);
      }
      metrics.publishToSend.observe(Math.max(0, opts.now() - info.publishedAt) / 1000);
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
