// What subscribe / unsubscribe mean, for either transport: limits, snapshots for new symbols, and
// resume (replay exactly what was missed, then live, with nothing doubled).
import type { ControlMessage, ErrorCode, SourceStatus, StreamPosition, Tick } from '@tickstream/shared';
import type { Logger } from '../../logger.ts';
import type { Store } from '../../store/types.ts';
import type { Subscriber } from './subscriber.ts';
import { wants, type Entry } from './entry.ts';
import type { Hub } from './hub.ts';
import { newestTick } from './latest-quotes.ts';
import { loadFromStore } from './store-replay.ts';
import type { Stream } from './stream.ts';

/** Messages per replay frame, and send-buffer level above which the replay waits for a drain. */
const REPLAY_CHUNK = 500;
const REPLAY_CHUNK_BYTES = 64 * 1024;
const REPLAY_HIGH_WATER = 256 * 1024;
/** How long a client resuming from a position this instance has not reached yet may wait for it. */
const AHEAD_WAIT_MS = 2_000;

export interface SessionDeps {
  stream: Stream;
  hub: Hub;
  store: Store;
  logger: Logger;
  maxSymbols: number;
  slowClientBytes: number;
  /**
   * This instance's current source status, as /api/quotes serves it. The last published `status`
   * message is the fallback: it is published only when the state changes, so its `lastSuccessAtMs` is
   * as old as that change.
   */
  sourceStatus?: () => SourceStatus;
  /**
   * Checks symbols a client starts to follow (the server then polls them): resolves to the refused
   * ones, each refusal sent to the client as an `error` naming them. Absent: every symbol is taken.
   */
  admit?: (symbols: string[]) => Promise<SymbolRefusal[]>;
}

export interface SymbolRefusal {
  code: Extract<ErrorCode, 'SYMBOL_NOT_FOUND' | 'SYMBOL_LIMIT_REACHED'>;
  symbols: string[];
  message: string;
}

export interface Sessions {
  subscribe(client: Subscriber, symbols: string[], resume?: StreamPosition): Promise<void>;
  unsubscribe(client: Subscriber, symbols: string[]): void;
}

export function createSessions(deps: SessionDeps): Sessions {
  const { stream, hub, logger } = deps;
  // Wait well before the slow-client cap, so a replay never trips it on a client that does read.
  const highWater = Math.min(REPLAY_HIGH_WATER, Math.floor(deps.slowClientBytes / 2));

  const latestFromStore = async (symbols: string[]): Promise<Map<string, Tick>> => {
    if (symbols.length === 0) return new Map();
    try {
      return new Map((await deps.store.ticks.latest(symbols)).map((t) => [t.symbol, t]));
    } catch (err) {
      logger.warn({ err }, 'snapshot: store unavailable, sending what this server has seen');
      return new Map();
    }
  };

  const snapshot = (symbols: readonly string[], stored: Map<string, Tick>): ControlMessage => {
    const ticks: Tick[] = [];
    for (const s of symbols) {
      const tick = newestTick(stream.latestTicks.get(s), stored.get(s));
      if (tick) ticks.push(tick);
    }
    return { type: 'snapshot', ticks, status: deps.sourceStatus?.() ?? stream.latestStatus() };
  };

  const notRecovered = (): ControlMessage => ({
    type: 'resumed',
    recovered: false,
    epoch: stream.epoch(),
    offset: stream.offset(),
    replayed: 0,
  });

  /** Plain subscribe: `subscribed`, optionally `resumed{recovered:false}`, then a snapshot, then live. */
  const join = async (client: Subscriber, requested: string[], resumed?: ControlMessage) => {
    const fresh = requested.filter((s) => !client.symbols.has(s) || resumed);
    const stored = await latestFromStore(fresh.filter((s) => !stream.latestTicks.has(s)));
    if (!client.isOpen()) return;
    // Synchronous from here: nothing published can slip between the snapshot and going live.
    hub.setSymbols(client, [...client.symbols, ...requested]);
    client.sendControl({ type: 'subscribed', symbols: requested });
    if (resumed) client.sendControl(resumed);
    client.sendControl(snapshot(fresh, stored));
  };

  const writeReplay = async (client: Subscriber, entries: readonly Entry[]): Promise<boolean> => {
    const wanted = entries.filter((e) => wants(client.symbols, e));
    let start = 0;
    while (start < wanted.length) {
      // Frames of at most REPLAY_CHUNK messages or ~REPLAY_CHUNK_BYTES, so pacing has something to pace.
      let end = start;
      let bytes = 0;
      while (end < wanted.length && end - start < REPLAY_CHUNK && bytes < REPLAY_CHUNK_BYTES) bytes += (wanted[end++] as Entry).json.length;
      if (!hub.writeTo(client, wanted.slice(start, end))) return false;
      start = end;
      if (client.buffered() > highWater) await client.drained();
      if (!client.isOpen()) return false;
    }
    return true;
  };

  /** Sends what queued during the replay, until the queue is empty, then lets live sends through. */
  const flushBacklog = async (client: Subscriber) => {
    while (client.backlog && client.backlog.length > 0) {
      const queued = client.backlog;
      client.backlog = [];
      client.backlogBytes = 0;
      if (!(await writeReplay(client, queued))) return;
    }
    client.backlog = null;
  };

  const resume = async (client: Subscriber, requested: string[], from: StreamPosition) => {
    const lost = (why: string) => {
      logger.debug({ client: client.id, from, why }, 'resume not possible');
      return join(client, requested, notRecovered());
    };
    if (from.epoch !== stream.epoch()) return lost('different epoch');
    if (from.offset > stream.offset() && !(await stream.reached(from.offset, AHEAD_WAIT_MS))) return lost('position ahead of the stream');
    if (from.epoch !== stream.epoch() || !client.isOpen()) return lost('epoch changed while waiting');

    const symbols = new Set(requested);
    let ring = from.offset === stream.offset() ? [] : stream.ring.after(from.offset);
    let older: Parameters<typeof loadFromStore>[1] = [];
    let statuses: Entry[] = [];
    if (!ring) {
      if (!stream.index.covers(from.offset)) return lost('older than the replay history');
      older = stream.index.after(from.offset, symbols);
      statuses = stream.index.keptAfter(from.offset).filter((e) => wants(symbols, e));
      const oldest = stream.ring.oldest();
      ring = oldest === null ? [] : (stream.ring.after(oldest - 1) ?? []);
    }
    const upTo = stream.offset();
    // From here live entries queue behind the replay instead of overtaking it.
    client.backlog = [];
    client.backlogBytes = 0;
    hub.setSymbols(client, symbols);
    client.sendControl({ type: 'subscribed', symbols: requested });

    let replay: Entry[] = ring.filter((e) => wants(symbols, e));
    if (older.length > 0 || statuses.length > 0) {
      const stored = older.length > 0 ? await loadFromStore(deps.store, older).catch(() => null) : [];
      if (!client.isOpen()) return;
      if (!stored || stream.epoch() !== from.epoch) {
        // Give up on this resume: fresh state now, live from here.
        client.backlog = null;
        client.sendControl(notRecovered());
        client.sendControl(snapshot(requested, new Map()));
        return;
      }
      replay = [...[...stored, ...statuses].sort((a, b) => a.offset - b.offset), ...replay];
    }
    client.sendControl({ type: 'resumed', recovered: true, epoch: stream.epoch(), offset: upTo, replayed: replay.length });
    if (await writeReplay(client, replay)) await flushBacklog(client);
  };

  /** The requested symbols minus those the admit hook refuses (each refusal told to the client). */
  const admitted = async (client: Subscriber, requested: string[]): Promise<string[]> => {
    const fresh = requested.filter((s) => !client.symbols.has(s));
    if (!deps.admit || fresh.length === 0) return requested;
    let refusals: SymbolRefusal[];
    try {
      refusals = await deps.admit(fresh);
    } catch (err) {
      // Cannot tell now (source down): follow them; the poller reports symbols it cannot serve.
      logger.warn({ err, symbols: fresh }, 'could not check newly followed symbols; following them unchecked');
      return requested;
    }
    const refused = new Set<string>();
    for (const r of refusals) {
      for (const s of r.symbols) refused.add(s);
      client.sendControl({ type: 'error', code: r.code, message: r.message, symbols: r.symbols });
    }
    return requested.filter((s) => !refused.has(s));
  };

  return {
    async subscribe(client, symbols, from) {
      const requested = [...new Set(symbols)];
      const added = requested.filter((s) => !client.symbols.has(s)).length;
      if (client.symbols.size + added > deps.maxSymbols) {
        client.sendControl({
          type: 'error',
          code: 'TOO_MANY_SYMBOLS',
          message: `At most ${deps.maxSymbols} symbols per connection: following ${client.symbols.size}, asked for ${added} more`,
        });
        return;
      }
      if (from && client.positioned) {
        client.sendControl({ type: 'error', code: 'BAD_MESSAGE', message: 'resume is only accepted on the first subscribe of a connection' });
        return;
      }
      const accepted = await admitted(client, requested);
      if (accepted.length === 0) return;
      await (from ? resume(client, accepted, from) : join(client, accepted));
    },
    unsubscribe(client, symbols) {
      const drop = new Set(symbols);
      // Before a first subscribe there is nothing to leave (and resume must stay possible).
      if (client.positioned) hub.setSymbols(client, [...client.symbols].filter((s) => !drop.has(s)));
      client.sendControl({ type: 'unsubscribed', symbols: [...drop] });
    },
  };
}
