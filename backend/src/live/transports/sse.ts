// Server-Sent Events at GET /api/stream?symbols=AAPL,MSFT (mounted by routes/index.ts): the same
// messages as the WebSocket, one event per message (`event: <type>`, `data: <json>`, `id: <offset>`
// on published ones). EventSource reconnects on its own and sends the last id back as
// Last-Event-ID, which resumes.
import type { Request, RequestHandler, Response } from 'express';
import { CLOSE_CODES, parseSymbolList, type ControlMessage, type StreamPosition } from '@tickstream/shared';
import { BadRequestError, HttpError } from '../../errors.ts';
import { originAllowed } from '../../http/origin.ts';
import { clientIp, type ConnectionLimiter } from './access.ts';
import type { Subscriber } from '../core/subscriber.ts';
import { sseControlEvent } from '../core/encode.ts';
import type { Sessions } from '../core/session.ts';
import { whenDrained } from './drain.ts';
import type { TransportDeps } from './transport-deps.ts';

const RETRY_MS = 3_000;
const KEEPALIVE_MS = 15_000;
const CLOSE_GRACE_MS = 1_000;

export interface SseDeps extends TransportDeps {
  sessions: Sessions;
  limiter: ConnectionLimiter;
  ready: Promise<void>;
  welcome(): ControlMessage;
  epoch(): string;
  nextId(): number;
  onClose(client: Subscriber): void;
}

export interface SseEndpoint {
  /** GET /api/stream */
  readonly handler: RequestHandler;
  /** Ends every stream; browsers reconnect with Last-Event-ID and resume. */
  restartAll(reason: string): void;
  close(): void;
}

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

/** Last-Event-ID (header, or ?lastEventId= for clients that cannot set headers) + optional ?epoch=. */
function resumePosition(req: Request, epoch: string): StreamPosition | undefined {
  const raw = req.get('last-event-id') ?? queryString(req, 'lastEventId');
  if (raw === undefined || raw === '') return undefined;
  const offset = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(offset)) {
    throw new BadRequestError('BAD_REQUEST', `Last-Event-ID must be a stream offset (a whole number), got ${JSON.stringify(raw)}`);
  }
  // Offsets never repeat across epochs (see bus/types.ts), so a bare offset is safe to try in this one.
  return { epoch: queryString(req, 'epoch') ?? epoch, offset };
}

export function createSse(deps: SseDeps): SseEndpoint {
  const { config, metrics, logger, sessions, limiter } = deps;
  const streams = new Map<Subscriber, Response>();

  const makeClient = (res: Response, ip: string): Subscriber => {
    const client: Subscriber = {
      id: deps.nextId(),
      transport: 'sse',
      encoding: 'sse',
      ip,
      symbols: new Set(),
      positioned: false,
      backlog: null,
      backlogBytes: 0,
      queue: Promise.resolve(),
      isOpen: () => !res.writableEnded && !res.destroyed,
      buffered: () => res.writableLength,
      write(chunk) {
        res.write(chunk);
      },
      sendControl(message) {
        if (!client.isOpen()) return;
        const text = sseControlEvent(message);
        res.write(text);
        metrics.messagesSent.inc({ transport: 'sse' });
        metrics.bytesSent.inc({ transport: 'sse' }, Buffer.byteLength(text));
      },
      drained: () => whenDrained(res, res, client.isOpen()),
      dropSlow(reason) {
        logger.warn({ client: client.id, ip, reason }, 'dropping slow SSE client');
        client.close(CLOSE_CODES.slowConsumer, reason);
      },
      close(code, reason) {
        if (!client.isOpen()) return;
        // Written behind anything still buffered: a client that reads on learns why it was cut off.
        client.sendControl({ type: 'error', code: code === CLOSE_CODES.slowConsumer ? 'SLOW_CONSUMER' : 'STREAM_CLOSED', message: reason });
        res.end();
        setTimeout(() => res.destroy(), CLOSE_GRACE_MS).unref();
      },
    };
    return client;
  };

  const handler: RequestHandler = (req, res) => {
    const origin = req.get('origin');
    if (!originAllowed(origin, req.get('host'), config.http.allowedOrigins)) {
      throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', `Origin ${origin ?? ''} is not allowed`);
    }
    const raw = queryString(req, 'symbols');
    if (!raw) throw new BadRequestError('BAD_REQUEST', 'Query parameter "symbols" is required, e.g. ?symbols=AAPL,MSFT');
    const symbols = parseSymbolList(raw);
    if (!symbols) throw new BadRequestError('UNKNOWN_SYMBOL', `"symbols" must be a comma-separated list of ticker symbols, got ${JSON.stringify(raw)}`);
    if (symbols.length > config.ws.maxSymbols) {
      throw new BadRequestError('TOO_MANY_SYMBOLS', `At most ${config.ws.maxSymbols} symbols per connection, got ${symbols.length}`);
    }
    const ip = clientIp(req, config.http.trustProxy);
    if (!limiter.acquire(ip)) {
      throw new HttpError(429, 'TOO_MANY_CONNECTIONS', `Too many connections from ${ip} (limit ${limiter.limit})`);
    }
    let resume: StreamPosition | undefined;
    try {
      resume = resumePosition(req, deps.epoch());
    } catch (err) {
      limiter.release(ip);
      throw err;
    }

    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    if (origin && config.http.allowedOrigins) res.set({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
    res.flushHeaders();
    res.write(`retry: ${RETRY_MS}\n\n`);

    const client = makeClient(res, ip);
    streams.set(client, res);
    metrics.clientsConnected.inc({ transport: 'sse' });
    res.on('close', () => {
      streams.delete(client);
      client.backlog = null;
      deps.onClose(client);
      limiter.release(ip);
      metrics.clientsConnected.dec({ transport: 'sse' });
    });
    client.queue = deps.ready
      .then(() => {
        if (!client.isOpen()) return;
        client.sendControl(deps.welcome());
        return sessions.subscribe(client, symbols, resume);
      })
      .catch((err: unknown) => {
        logger.error({ err, client: client.id }, 'SSE subscribe failed');
        client.close(0, 'The server failed to start the stream');
      });
  };

  const keepAlive = setInterval(() => {
    for (const res of streams.values()) if (!res.writableEnded) res.write(': keep-alive\n\n');
  }, KEEPALIVE_MS);
  keepAlive.unref();

  return {
    handler,
    restartAll(reason) {
      for (const client of streams.keys()) client.close(0, `${reason}; reconnect and resume`);
    },
    close() {
      clearInterval(keepAlive);
      for (const client of streams.keys()) client.close(0, 'server shutting down');
      for (const res of streams.values()) res.destroy();
    },
  };
}
