// WebSocket transport at /ws: who may upgrade, the heartbeat schedule and shutdown. What happens on
// a connection once it is open is ws-connection.ts.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES, type ControlMessage } from '@tickstream/shared';
import { originAllowed } from '../../http/origin.ts';
import { clientIp, type ConnectionLimiter } from './access.ts';
import type { Hub } from '../core/hub.ts';
import type { Sessions } from '../core/session.ts';
import { refuseUnknownHostUpgrade } from '../../http/host-guard.ts';
import { refuseUpgrade } from '../../http/upgrade-refusal.ts';
import { HttpError } from '../../errors.ts';
import type { TransportDeps } from './transport-deps.ts';
import { reasonText, WsConnection } from './ws-connection.ts';
import { takesDeflateFrames } from '../core/encode.ts';

const MESSAGES_PER_SECOND = 50;
const CLOSE_GRACE_MS = 1_000;
/** Heartbeat pings go out in slices about this far apart. */
const HEARTBEAT_SLICE_MS = 1_000;
const WS_PATH = '/ws';

/**
 * permessage-deflate as the hub uses it: published frames are compressed once per group (encode.ts)
 * and written as they are, so each must stand alone (server_no_context_takeover); ws itself never
 * compresses (the server sends no data frames through it). What a client compresses, ws inflates
 * (with a small output chunk: the inflater lives as long as the connection). No window limits:
 * ws answers an offer it cannot meet with HTTP 400, not with an uncompressed connection.
 */
const DEFLATE = {
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
  zlibInflateOptions: { chunkSize: 1024 },
} as const;

export interface WsGatewayDeps extends TransportDeps {
  hub: Hub;
  sessions: Sessions;
  limiter: ConnectionLimiter;
  ready: Promise<void>;
  welcome(): ControlMessage;
  nextId(): number;
}

export interface WsGateway {
  attach(server: Server): void;
  /** Closes every client with a reason; they reconnect and resume. */
  restartAll(reason: string): void;
  close(): Promise<void>;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket once it is written. */
export function createWsGateway(deps: WsGatewayDeps): WsGateway {
  const { config, metrics, logger, hub, sessions, limiter } = deps;
  // Hard cap well above the configured limit: messages in between get a typed error and a 1009
  // close with a reason; only absurd ones hit ws's own bare 1009. Pings are answered by the
  // connection (autoPong off), so that they are metered and capped like every other reply.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.ws.maxPayload * 2, perMessageDeflate: config.ws.deflate && DEFLATE, clientTracking: false, autoPong: false });
  const clients = new Set<WsConnection>();
  // The Sec-WebSocket-Extensions each handshake answered with (ws exposes only the extension names).
  const negotiated = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers, req) => {
    const line = headers.find((h) => h.toLowerCase().startsWith('sec-websocket-extensions:'));
    if (line) negotiated.set(req, line.slice(line.indexOf(':') + 1));
  });
  // Every socket an 'upgrade' handed over, until it closes: the HTTP server no longer tracks it,
  // so neither its timeouts nor closeAllConnections() reach it, and shutdown must end it here.
  const sockets = new Set<Duplex>();
  let closing = false;
  const connectionDeps = {
    hub,
    sessions,
    logger,
    metrics,
    now: deps.now,
    maxPayload: config.ws.maxPayload,
    messagesPerSecond: MESSAGES_PER_SECOND,
    closeGraceMs: CLOSE_GRACE_MS,
  };

  const onConnection = (ws: WebSocket, socket: Duplex, req: IncomingMessage) => {
    const ip = clientIp(req, config.http.trustProxy);
    if (!limiter.acquire(ip)) {
      ws.close(CLOSE_CODES.tooManyConnections, reasonText(`too many connections from ${ip} (limit ${limiter.limit})`));
      return;
    }
    const encoding = takesDeflateFrames(negotiated.get(req) ?? '') ? 'ws-deflate' : 'ws';
    const client = new WsConnection(deps.nextId(), ip, ws, socket, connectionDeps, encoding);
    clients.add(client);
    metrics.clientsConnected.inc({ transport: 'ws' });
    ws.on('error', (err) => logger.debug({ err, client: client.id }, 'websocket error'));
    ws.on('close', () => {
      clients.delete(client);
      limiter.release(ip);
      metrics.clientsConnected.dec({ transport: 'ws' });
    });
    client.start(deps.ready, deps.welcome);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', (err) => logger.debug({ err }, 'upgrade socket error'));
    if (refuseUnknownHostUpgrade(req, socket, config.http)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== WS_PATH) {
      refuseUpgrade(socket, new HttpError(404, 'NOT_FOUND', `No WebSocket endpoint at this path: use ${WS_PATH}`));
      return;
    }
    if (closing) {
      refuseUpgrade(socket, new HttpError(503, 'SHUTTING_DOWN', 'The server is shutting down; reconnect shortly'));
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, req.headers.host, config.http.allowedOrigins)) {
      logger.info({ origin }, 'websocket upgrade refused: origin not allowed');
      refuseUpgrade(socket, new HttpError(403, 'ORIGIN_NOT_ALLOWED', `Origin ${origin ?? ''} is not allowed`));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, socket, req));
  };

  // ws README recipe (a peer that did not answer the previous ping is gone), spread over the
  // period: each tick pings one slice of the clients (by id), so every client is still pinged once
  // per heartbeatMs, but 10k pings (and their 10k pongs) never land at once on top of a publish.
  const slices = Math.max(1, Math.round(config.ws.heartbeatMs / HEARTBEAT_SLICE_MS));
  let slice = 0;
  const heartbeat = setInterval(() => {
    const now = slice;
    slice = (slice + 1) % slices;
    for (const client of clients) if (client.id % slices === now) client.heartbeat();
  }, config.ws.heartbeatMs / slices);
  heartbeat.unref();

  return {
    attach(server) {
      server.on('upgrade', onUpgrade);
    },
    restartAll(reason) {
      for (const client of clients) client.close(CLOSE_CODES.streamRestarted, `${reason}; reconnect and resume`);
    },
    async close() {
      closing = true;
      clearInterval(heartbeat);
      const closed = [...clients].map((c) => c.closed);
      for (const client of clients) client.close(CLOSE_CODES.shuttingDown, 'server shutting down');
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      for (const client of clients) client.terminate();
      // Whatever is left: refused upgrades still being written, handshakes in progress, peers
      // that never answered a close. Nothing may keep the process from exiting.
      for (const socket of sockets) socket.destroy();
      wss.close();
    },
  };
}
