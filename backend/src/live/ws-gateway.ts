// WebSocket transport at /ws: upgrade checks, per-connection protocol, heartbeat, shutdown.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CLOSE_CODES, type ControlMessage } from '@tickstream/shared';
import type { Context } from '../app.ts';
import { clientIp, createMessageRate, originAllowed, type ConnectionLimiter } from './access.ts';
import type { LiveClient } from './client.ts';
import type { Hub } from './hub.ts';
import { parseClientMessage } from './protocol.ts';
import type { Sessions } from './session.ts';
import { whenDrained } from './drain.ts';
import { refuseUnknownHostUpgrade } from '../http/host-guard.ts';

const MESSAGES_PER_SECOND = 50;
const CLOSE_GRACE_MS = 1_000;
/** Heartbeat pings go out in slices about this far apart. */
const HEARTBEAT_SLICE_MS = 1_000;

export interface WsGatewayDeps {
  ctx: Context;
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

interface WsClient extends LiveClient {
  readonly ws: WebSocket;
  alive: boolean;
}

/** Close reasons are capped at 123 bytes by the protocol. */
function reasonText(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

function rejectUpgrade(socket: Duplex, status: number, text: string, body: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export function createWsGateway(deps: WsGatewayDeps): WsGateway {
  const { ctx, hub, sessions, limiter } = deps;
  const { config, metrics, logger } = ctx;
  // Hard cap well above the configured limit: messages in between get a typed error and a 1009
  // close with a reason; only absurd ones hit ws's own bare 1009.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.ws.maxPayload * 2, perMessageDeflate: false, clientTracking: false });
  const clients = new Set<WsClient>();
  let closing = false;

  const makeClient = (ws: WebSocket, socket: Duplex, ip: string): WsClient => {
    const client: WsClient = {
      id: deps.nextId(),
      transport: 'ws',
      ip,
      ws,
      alive: true,
      symbols: new Set(),
      positioned: false,
      backlog: null,
      backlogBytes: 0,
      queue: Promise.resolve(),
      isOpen: () => ws.readyState === WebSocket.OPEN,
      // ws writes its own frames to this same socket synchronously (no compression), so the
      // socket's buffer is the whole send backlog and frames from both paths stay in order.
      buffered: () => socket.writableLength,
      write(frame) {
        socket.write(frame);
      },
      sendControl(message) {
        if (ws.readyState !== WebSocket.OPEN) return;
        const text = JSON.stringify(message);
        ws.send(text);
        metrics.messagesSent.inc({ transport: 'ws' });
        metrics.bytesSent.inc({ transport: 'ws' }, Buffer.byteLength(text));
      },
      drained: () => whenDrained(socket, ws, ws.readyState === WebSocket.OPEN),
      dropSlow(reason) {
        logger.warn({ client: client.id, ip, reason }, 'dropping slow websocket client');
        client.close(CLOSE_CODES.slowConsumer, reason);
      },
      close(code, reason) {
        if (ws.readyState === WebSocket.CLOSED) return;
        if (ws.readyState === WebSocket.OPEN) ws.close(code, reasonText(reason));
        // The close frame waits behind whatever is buffered; a peer that does not read gets cut off.
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
      },
    };
    return client;
  };

  const onMessage = (client: WsClient, data: RawData, isBinary: boolean) => {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (size > config.ws.maxPayload) {
      const reason = `message of ${size} bytes exceeds the ${config.ws.maxPayload}-byte limit`;
      client.sendControl({ type: 'error', code: 'MESSAGE_TOO_LARGE', message: reason });
      client.close(CLOSE_CODES.messageTooBig, reason);
      return;
    }
    if (isBinary) {
      client.sendControl({ type: 'error', code: 'BAD_MESSAGE', message: 'Binary frames are not accepted: send JSON text' });
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      client.sendControl({ type: 'error', code: parsed.code, message: parsed.message });
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      client.sendControl({ type: 'pong', ...(message.id !== undefined ? { id: message.id } : {}), serverTime: ctx.now() });
      return;
    }
    // Requests run in order; a subscribe waiting on the store must not be overtaken.
    client.queue = client.queue
      .then(() => (message.type === 'subscribe' ? sessions.subscribe(client, message.symbols, message.resume) : sessions.unsubscribe(client, message.symbols)))
      .catch((err: unknown) => {
        logger.error({ err, client: client.id }, 'live request failed');
        client.sendControl({ type: 'error', code: 'INTERNAL', message: 'The server failed to handle the request' });
      });
  };

  const onConnection = (ws: WebSocket, socket: Duplex, req: IncomingMessage) => {
    const ip = clientIp(req, config.http.trustProxy);
    if (closing) {
      ws.close(CLOSE_CODES.shuttingDown, 'server shutting down');
      return;
    }
    if (!limiter.acquire(ip)) {
      ws.close(CLOSE_CODES.tooManyConnections, reasonText(`too many connections from ${ip} (limit ${limiter.limit})`));
      return;
    }
    const client = makeClient(ws, socket, ip);
    clients.add(client);
    metrics.clientsConnected.inc({ transport: 'ws' });
    const allowMessage = createMessageRate(MESSAGES_PER_SECOND);
    ws.on('message', (data, isBinary) => {
      if (!allowMessage()) {
        client.sendControl({ type: 'error', code: 'RATE_LIMITED', message: `More than ${MESSAGES_PER_SECOND} messages per second: message ignored` });
        return;
      }
      onMessage(client, data, isBinary);
    });
    ws.on('pong', () => {
      client.alive = true;
    });
    ws.on('error', (err) => logger.debug({ err, client: client.id }, 'websocket error'));
    ws.on('close', () => {
      clients.delete(client);
      hub.remove(client);
      client.backlog = null;
      limiter.release(ip);
      metrics.clientsConnected.dec({ transport: 'ws' });
    });
    // Until the stream is warm there is no position to welcome with: hold the client's messages.
    ws.pause();
    void deps.ready.then(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      client.sendControl(deps.welcome());
      ws.resume();
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (refuseUnknownHostUpgrade(req, socket, config.http)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/ws') return;
    socket.on('error', (err) => logger.debug({ err }, 'upgrade socket error'));
    const origin = req.headers.origin;
    if (!originAllowed(origin, req.headers.host, config.http.allowedOrigins)) {
      logger.info({ origin }, 'websocket upgrade refused: origin not allowed');
      rejectUpgrade(socket, 403, 'Forbidden', `Origin ${origin ?? ''} is not allowed`);
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
    for (const client of clients) {
      if (client.id % slices !== now) continue;
      if (!client.alive) {
        logger.debug({ client: client.id }, 'terminating websocket client that missed a heartbeat');
        client.ws.terminate();
        continue;
      }
      client.alive = false;
      if (client.ws.readyState === WebSocket.OPEN) client.ws.ping();
    }
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
      const closed = [...clients].map((c) => new Promise<void>((resolve) => (c.ws.readyState === WebSocket.CLOSED ? resolve() : c.ws.once('close', () => resolve()))));
      for (const client of clients) client.close(CLOSE_CODES.shuttingDown, 'server shutting down');
      await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
      for (const client of clients) client.ws.terminate();
      wss.close();
    },
  };
}
