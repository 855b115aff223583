// One WebSocket client after the upgrade: its protocol (client messages in, control replies out),
// its flood guard and its heartbeat. Every byte the server writes to it on its own (replies,
// errors, pongs, pings) passes the hub's admission check, the same byte cap as fan-out, so a client
// that never reads cannot make the server buffer without bound however it provokes replies.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { CLOSE_CODES, type ControlMessage, type ErrorCode } from '@tickstream/shared';
import type { Logger } from '../../logger.ts';
import type { Metrics } from '../../metrics.ts';
import type { Subscriber } from '../core/subscriber.ts';
import { whenDrained } from './drain.ts';
import { wsDeflateFrame, wsTextFrame } from '../core/encode.ts';
import type { Entry } from '../core/entry.ts';
import type { Hub } from '../core/hub.ts';
import { parseClientMessage } from './protocol.ts';
import { createRateGuard, type RateVerdict } from './rate-guard.ts';
import type { Sessions } from '../core/session.ts';

/** Header bytes of a server ping or pong frame (payload at most 125 bytes). */
const CONTROL_HEADER = 2;
const NONCE_BYTES = 8;
/** Replies from this size on (a snapshot) go compressed to a client that takes it; smaller ones are not worth a zlib call. */
const DEFLATE_REPLIES_FROM = 1024;

export interface WsConnectionDeps {
  hub: Hub;
  sessions: Sessions;
  logger: Logger;
  metrics: Metrics;
  now(): number;
  /** largest client message handled; bigger ones get MESSAGE_TOO_LARGE and a 1009 close */
  maxPayload: number;
  messagesPerSecond: number;
  /** how long a close frame may wait behind unread data before the socket is cut */
  closeGraceMs: number;
}

/** Close reasons are capped at 123 bytes by the protocol. */
export function reasonText(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

function byteSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

export class WsConnection implements Subscriber {
  readonly id: number;
  readonly transport = 'ws' as const;
  /** compressed published frames when the handshake negotiated permessage-deflate as the hub compresses */
  readonly encoding: 'ws' | 'ws-deflate';
  readonly ip: string;
  symbols: ReadonlySet<string> = new Set();
  positioned = false;
  backlog: Entry[] | null = null;
  backlogBytes = 0;
  queue: Promise<void> = Promise.resolve();
  /** Resolves once the socket is closed. */
  readonly closed: Promise<void>;
  readonly #ws: WebSocket;
  readonly #socket: Duplex;
  readonly #deps: WsConnectionDeps;
  readonly #rate: () => RateVerdict;
  /** payload of the ping still unanswered; only a pong echoing it proves the peer is alive */
  #awaiting: Buffer | null = null;

  constructor(id: number, ip: string, ws: WebSocket, socket: Duplex, deps: WsConnectionDeps, encoding: 'ws' | 'ws-deflate' = 'ws') {
    this.id = id;
    this.ip = ip;
    this.#ws = ws;
    this.#socket = socket;
    this.#deps = deps;
    this.#rate = createRateGuard(deps.messagesPerSecond);
    this.encoding = encoding;
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data, isBinary) => {
      if (this.#admitFrame()) this.#onMessage(data, isBinary);
    });
    // The server was created with autoPong off: a ping is answered here, metered and under the cap.
    ws.on('ping', (data) => {
      if (this.#admitFrame()) this.#writeControlFrame(data, () => this.#ws.pong(data));
    });
    ws.on('pong', (data) => {
      if (this.#awaiting?.equals(data)) this.#awaiting = null;
      else this.#admitFrame(); // unsolicited: counts as traffic, proves nothing
    });
    ws.on('close', () => {
      deps.hub.remove(this);
      this.backlog = null;
    });
  }

  /** Sends the welcome once the stream is warm; until then the client's messages wait unread. */
  start(ready: Promise<void>, welcome: () => ControlMessage): void {
    this.#ws.pause();
    void ready.then(() => {
      if (!this.isOpen()) return;
      this.sendControl(welcome());
      this.#ws.resume();
    });
  }

  isOpen(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  // ws writes its own frames (pings, pongs, close) to this same socket synchronously, never
  // compressed (control frames cannot be), so the socket's buffer is the whole send backlog and
  // frames from every path stay in order.
  buffered(): number {
    return this.#socket.writableLength;
  }

  write(frame: Buffer): void {
    this.#socket.write(frame);
  }

  sendControl(message: ControlMessage): void {
    if (!this.isOpen()) return;
    const json = JSON.stringify(message);
    const frame = this.encoding === 'ws-deflate' && json.length >= DEFLATE_REPLIES_FROM ? wsDeflateFrame(json) : wsTextFrame(json);
    if (!this.#deps.hub.admit(this, frame.length)) return;
    this.write(frame);
    this.#deps.metrics.messagesSent.inc({ transport: 'ws' });
    this.#deps.metrics.bytesSent.inc({ transport: 'ws' }, frame.length);
  }

  drained(): Promise<void> {
    return whenDrained(this.#socket, this.#ws, this.isOpen());
  }

  dropSlow(reason: string): void {
    this.#deps.logger.warn({ client: this.id, ip: this.ip, reason }, 'dropping slow websocket client');
    this.#cutOff(CLOSE_CODES.slowConsumer, reason);
  }

  close(code: number, reason: string): void {
    if (this.#ws.readyState === WebSocket.CLOSED) return;
    if (this.isOpen()) this.#ws.close(code, reasonText(reason));
    // The close frame waits behind whatever is buffered; a peer that does not read gets cut off.
    setTimeout(() => this.#ws.terminate(), this.#deps.closeGraceMs).unref();
  }

  /** Closes a misbehaving client and stops reading it: nothing it sends from here on is worth parsing. */
  #cutOff(code: number, reason: string): void {
    this.close(code, reason);
    this.#ws.pause();
  }

  terminate(): void {
    this.#ws.terminate();
  }

  /**
   * One heartbeat: a client that has not answered the previous ping is gone and cut off; any other
   * gets a ping with a fresh random payload, which only a real answer echoes.
   */
  heartbeat(): void {
    if (this.#awaiting) {
      this.#deps.logger.debug({ client: this.id }, 'terminating websocket client that missed a heartbeat');
      this.#ws.terminate();
      return;
    }
    const nonce = randomBytes(NONCE_BYTES);
    this.#awaiting = nonce;
    if (this.isOpen()) this.#writeControlFrame(nonce, () => this.#ws.ping(nonce));
  }

  #writeControlFrame(payload: Buffer, send: () => void): void {
    if (this.isOpen() && this.#deps.hub.admit(this, CONTROL_HEADER + payload.length)) send();
  }

  /** Meters every frame the client sends; false when this one is not to be handled. */
  #admitFrame(): boolean {
    const verdict = this.#rate();
    if (verdict === 'ok') return true;
    if (verdict === 'limited') {
      this.#error('RATE_LIMITED', `More than ${this.#deps.messagesPerSecond} messages per second: ignored for a second; keep on and the connection closes`);
    } else if (verdict === 'close' && this.isOpen()) {
      this.#deps.logger.info({ client: this.id, ip: this.ip }, 'closing websocket client that kept flooding');
      this.#cutOff(CLOSE_CODES.policyViolation, `more than ${this.#deps.messagesPerSecond} messages per second, repeatedly`);
    }
    return false;
  }

  #error(code: ErrorCode, message: string): void {
    this.sendControl({ type: 'error', code, message });
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    const { maxPayload } = this.#deps;
    const size = byteSize(data);
    if (size > maxPayload) {
      const reason = `message of ${size} bytes exceeds the ${maxPayload}-byte limit`;
      this.#error('MESSAGE_TOO_LARGE', reason);
      this.close(CLOSE_CODES.messageTooBig, reason);
      return;
    }
    if (isBinary) {
      this.#error('BAD_MESSAGE', 'Binary frames are not accepted: send JSON text');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
    const parsed = parseClientMessage(text);
    if (!parsed.ok) {
      this.#error(parsed.code, parsed.message);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      this.sendControl({ type: 'pong', ...(message.id !== undefined ? { id: message.id } : {}), serverTimeMs: this.#deps.now() });
      return;
    }
    const { sessions, logger } = this.#deps;
    // Requests run in order; a subscribe waiting on the store must not be overtaken.
    this.queue = this.queue
      .then(() => (message.type === 'subscribe' ? sessions.subscribe(this, message.symbols, message.resume) : sessions.unsubscribe(this, message.symbols)))
      .catch((err: unknown) => {
        logger.error({ err, client: this.id }, 'live request failed');
        this.#error('INTERNAL', 'The server failed to handle the request');
      });
  }
}
