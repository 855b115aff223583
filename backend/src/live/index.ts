// Live delivery: positions what the poller publishes (via the bus, so every instance agrees), and
// fans every batch the bus delivers out to this instance's WebSocket and SSE clients.
import { liveTickOf, type ControlMessage, type SourceStatus } from '@tickstream/shared';
import type { Bus, MessageBody } from '../bus/types.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Store } from '../store/types.ts';
import { errorMessage } from '../errors.ts';
import { createConnectionLimiter } from './transports/access.ts';
import { createHub } from './core/hub.ts';
import { createPublishQueue } from './core/publish-queue.ts';
import { createSessions, type SessionDeps } from './core/session.ts';
import { createSse } from './transports/sse.ts';
import { createStream } from './core/stream.ts';
import type { Live } from './types.ts';
import { createWsGateway } from './transports/ws-gateway.ts';

/** Positions remembered per replay-buffer slot for the store fallback (they cost ~1/10 of a message). */
const INDEX_FACTOR = 8;
const WARM_RETRY_MS = 1_000;
const PUBLISH_RETRY_MS = 1_000;

export interface LiveDeps {
  config: Pick<Config, 'watchlist' | 'http' | 'ws'>;
  /** read for snapshots and for replays older than the buffer */
  store: Store;
  bus: Bus;
  logger: Logger;
  metrics: Metrics;
  /** unix ms */
  now: () => number;
  /** the source status snapshots carry (the poller's, which is created after live) */
  sourceStatus?: () => SourceStatus;
  /** checks symbols a client starts to follow (see SessionDeps.admit) */
  admit?: SessionDeps['admit'];
  /** called when a `watchlists` message arrives from the bus (from any instance) */
  onWatchlists?: () => void;
}

export function createLive(ctx: LiveDeps): Live {
  const { config, logger, metrics, bus } = ctx;
  const ringSize = config.ws.replayBufferSize;
  let closed = false;
  let lastId = 0;
  const nextId = () => ++lastId;

  const hub = createHub({ metrics, slowClientBytes: config.ws.slowClientBytes, now: Date.now });
  const stream = createStream({
    ringSize,
    indexSize: ringSize * INDEX_FACTOR,
    logger,
    onEntries: (entries, info) => {
      hub.deliver(entries, info);
      if (ctx.onWatchlists && entries.some((e) => e.type === 'watchlists')) ctx.onWatchlists();
    },
    onDiscontinuity: (reason) => {
      ws.restartAll(reason);
      sse.restartAll(reason);
    },
  });
  const unsubscribe = bus.subscribe((batch, info) => stream.apply(batch, info));
  // As many messages as a client can resume across: a longer outage ends in a history reload anyway.
  const outbox = createPublishQueue({
    bus,
    logger,
    maxMessages: ringSize,
    retryMs: PUBLISH_RETRY_MS,
    onDepth: (n) => metrics.publishQueueDepth.set(n),
    onDropped: (n) => metrics.publishQueueDropped.inc(n),
  });

  // Subscribed first, then read the state: nothing published in between is missed (overlap is trimmed).
  const ready = (async () => {
    while (!closed) {
      try {
        stream.warm(await bus.state(ringSize));
        return;
      } catch (err) {
        logger.error({ err: errorMessage(err) }, 'live: cannot read the stream position from the bus; retrying');
        await new Promise((resolve) => setTimeout(resolve, WARM_RETRY_MS));
      }
    }
  })();

  const welcome = (): ControlMessage => ({
    type: 'welcome',
    epoch: stream.epoch(),
    offset: stream.offset(),
    serverTimeMs: ctx.now(),
    watchlist: config.watchlist,
    limits: { maxSymbols: config.ws.maxSymbols, maxPayload: config.ws.maxPayload },
  });

  const limiter = createConnectionLimiter(config.ws.maxConnectionsPerIp);
  const sessions = createSessions({
    stream,
    hub,
    store: ctx.store,
    logger,
    maxSymbols: config.ws.maxSymbols,
    slowClientBytes: config.ws.slowClientBytes,
    ...(ctx.sourceStatus ? { sourceStatus: ctx.sourceStatus } : {}),
    ...(ctx.admit ? { admit: ctx.admit } : {}),
  });
  const transport = { config, metrics, logger, now: ctx.now };
  const ws = createWsGateway({ ...transport, hub, sessions, limiter, ready, welcome, nextId });
  const sse = createSse({ ...transport, sessions, limiter, ready, welcome, nextId, epoch: () => stream.epoch(), onClose: (c) => hub.remove(c) });

  return {
    publisher: {
      async publish(update) {
        // Info first: a client has a symbol's name, currency and previous close before its tick.
        const bodies: MessageBody[] = [
          ...(update.info ?? []).map((info) => ({ type: 'info' as const, info })),
          ...update.ticks.map((tick) => ({ type: 'tick' as const, tick: liveTickOf(tick) })),
          ...update.candles.map((candle) => ({ type: 'candle' as const, candle })),
          ...(update.status ? [{ type: 'status' as const, status: update.status }] : []),
        ];
        await outbox.publish(bodies);
      },
    },
    async publishWatchlists(change) {
      await outbox.publish([{ type: 'watchlists', change }]);
    },
    followedSymbols: () => hub.followedSymbols(),
    publishAlert: (event) => outbox.publish([{ type: 'alert', event }]),
    stream: sse.handler,
    attach: (server) => ws.attach(server),
    latestTicks: () => stream.latestTicks,
    delivered: () => hub.settled(),
    async close() {
      closed = true;
      outbox.close();
      unsubscribe();
      sse.close();
      await ws.close();
      stream.close();
    },
  };
}
