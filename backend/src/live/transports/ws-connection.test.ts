import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { constants, inflateRawSync } from 'node:zlib';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, type ControlMessage, type ServerMessage } from '@tickstream/shared';
import { createMetrics } from '../../metrics.ts';
import { createHub } from '../core/hub.ts';
import type { Sessions } from '../core/session.ts';
import { WsConnection } from './ws-connection.ts';

const CAP = 1024;
const RATE = 5;

/** The parts of a ws WebSocket the connection uses, recording what it was asked to send. */
class FakeWs extends EventEmitter {
  readyState: number = 1; // OPEN
  pings: Buffer[] = [];
  pongs: Buffer[] = [];
  closedWith: number | null = null;
  ping(data: Buffer) {
    this.pings.push(data);
  }
  pong(data: Buffer) {
    this.pongs.push(data);
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 2; // CLOSING
  }
  terminate() {
    this.readyState = 3; // CLOSED
  }
  pause() {}
  resume() {}
}

/** A socket whose unsent backlog the test sets. */
class FakeSocket {
  writableLength = 0;
  frames: Buffer[] = [];
  write(frame: Buffer) {
    this.frames.push(frame);
    return true;
  }
}

function setup(encoding: 'ws' | 'ws-deflate' = 'ws') {
  const ws = new FakeWs();
  const socket = new FakeSocket();
  const hub = createHub({ metrics: createMetrics(), slowClientBytes: CAP, now: Date.now });
  const sessions: Sessions = { subscribe: async () => undefined, unsubscribe: () => undefined };
  const connection = new WsConnection(1, '127.0.0.1', ws as unknown as WebSocket, socket as unknown as Duplex, {
    hub,
    sessions,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    now: () => 0,
    maxPayload: 4096,
    messagesPerSecond: RATE,
    closeGraceMs: 1_000,
  }, encoding);
  /** The JSON messages written so far (unmasked text frames under 64 KiB: a 2- or 4-byte header). */
  const sent = () => socket.frames.map((f) => JSON.parse(f.subarray((f[1] as number) === 126 ? 4 : 2).toString()) as ServerMessage);
  const send = (text: string) => ws.emit('message', Buffer.from(text), false);
  return { ws, socket, connection, sent, send };
}

describe('WebSocket connection: what the server writes on its own', () => {
  it('compresses a large reply (a snapshot) for a client that took permessage-deflate, and not a small one', () => {
    const { connection, socket } = setup('ws-deflate');
    const ticks = Array.from({ length: 20 }, (_, i) => ({ symbol: `S${i}`, time: 1_700_000_000, price: 100 + i, name: 'A company name' }));
    const snapshot = { type: 'snapshot', ticks, status: null } as unknown as ControlMessage;
    connection.sendControl(snapshot);
    connection.sendControl({ type: 'subscribed', symbols: ['AAPL'] });
    const [big, small] = socket.frames as [Buffer, Buffer];
    expect(big[0]).toBe(0xc1); // FIN + RSV1 (compressed) + text
    const body = big.subarray((big[1] as number) === 126 ? 4 : 2);
    expect(JSON.parse(inflateRawSync(Buffer.concat([body, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH }).toString())).toEqual(snapshot);
    expect(big.length).toBeLessThan(JSON.stringify(snapshot).length / 2);
    expect(small[0]).toBe(0x81);
  });

  it('writes control replies while the unsent backlog is under the byte cap', () => {
    const { send, sent } = setup();
    send('{"type":"ping","id":1}');
    send('{nope');
    expect(sent().map((m) => m.type)).toEqual(['pong', 'error']);
  });

  it('drops a client whose backlog is over the cap with 4008 instead of queueing a reply', () => {
    const { ws, socket, send, sent } = setup();
    socket.writableLength = CAP;
    send('{nope');
    expect(sent()).toEqual([]);
    expect(ws.closedWith).toBe(CLOSE_CODES.slowConsumer);
  });

  it('answers a ping frame with a pong only while it fits under the cap', () => {
    const { ws, socket } = setup();
    ws.emit('ping', Buffer.from('a'));
    expect(ws.pongs.map(String)).toEqual(['a']);
    socket.writableLength = CAP;
    ws.emit('ping', Buffer.from('b'));
    expect(ws.pongs.map(String)).toEqual(['a']);
    expect(ws.closedWith).toBe(CLOSE_CODES.slowConsumer);
  });

  it('sends no heartbeat ping to a client over the cap, and drops it', () => {
    const { ws, socket, connection } = setup();
    socket.writableLength = CAP;
    connection.heartbeat();
    expect(ws.pings).toEqual([]);
    expect(ws.closedWith).toBe(CLOSE_CODES.slowConsumer);
  });
});

describe('WebSocket connection: floods', () => {
  it('answers the first message over the rate with one RATE_LIMITED error, then ignores the rest without replies', () => {
    const { ws, send, sent } = setup();
    for (let i = 0; i < 2 * RATE; i++) send('{"type":"ping"}');
    const types = sent().map((m) => (m.type === 'error' ? m.code : m.type));
    expect(types).toEqual([...Array<string>(RATE).fill('pong'), 'RATE_LIMITED']);
    expect(ws.closedWith).toBeNull();
  });

  it('closes a client that keeps flooding messages with 1008', () => {
    const { ws, send } = setup();
    for (let i = 0; i <= 2 * RATE; i++) send('{"type":"ping"}');
    expect(ws.closedWith).toBe(CLOSE_CODES.policyViolation);
  });

  it('meters ping frames like messages: pongs up to the rate, then a 1008 close', () => {
    const { ws } = setup();
    for (let i = 0; i <= 2 * RATE; i++) ws.emit('ping', Buffer.from(String(i)));
    expect(ws.pongs).toHaveLength(RATE);
    expect(ws.closedWith).toBe(CLOSE_CODES.policyViolation);
  });
});

describe('WebSocket connection: liveness', () => {
  it('counts only a pong that echoes the payload of its own last ping', () => {
    const { ws, connection } = setup();
    connection.heartbeat();
    ws.emit('pong', Buffer.from('unsolicited'));
    ws.emit('pong', Buffer.alloc(0));
    connection.heartbeat();
    expect(ws.readyState).toBe(3);

    const answered = setup();
    answered.connection.heartbeat();
    answered.ws.emit('pong', answered.ws.pings[0]);
    answered.connection.heartbeat();
    expect(answered.ws.readyState).toBe(1);
    expect(answered.ws.pings).toHaveLength(2);
    expect(answered.ws.pings[0]!.equals(answered.ws.pings[1]!)).toBe(false);
  });
});
