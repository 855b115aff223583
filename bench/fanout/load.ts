// The load generator: N WebSocket clients in this one process, each subscribed to every symbol.
// It is the same for every design, and it must stay cheaper per frame than any server's write, or
// the latency it reports is its own queue (one event loop reading 10k sockets). So the clients are
// raw sockets speaking just enough RFC 6455 (upgrade, unmasked server frames, masked replies):
// no ws Receiver stream or event per frame, and per frame only a byte scan (count the ticks by
// their TIME_MARK, within the frame, and read the first send time), no JSON parsing. Reads land in one shared buffer
// (net's `onread`): no Buffer allocated and no stream 'data' event per read, which a profile showed
// was most of the generator's cost per frame. Only a frame split across reads is copied out.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { TIME_MARK, nowMs } from './messages.ts';

const SNAPSHOT = Buffer.from('"type":"snapshot"');
const MARK = Buffer.from(TIME_MARK);
const HEAD_END = Buffer.from('\r\n\r\n');
/** Source addresses to spread connections over, so ephemeral ports never run out. */
const SOURCE_ADDRESSES = 50;
const CONNECT_CONCURRENCY = 200;
/** Every socket reads into this; a read is fully handled before the next one can land. */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

export interface Load {
  /** tick-to-client latencies in ms, one per (client, frame), in arrival order */
  latencies(): Float64Array;
  /** tick messages received per client */
  received(): Uint32Array;
  /** text frames each client received after its snapshot (compressed or not) */
  frames(): Uint32Array;
  /** clients whose connection closed during the run */
  closed(): number;
  close(): Promise<void>;
}

/** A client-to-server frame: masked, as RFC 6455 requires; an all-zero key leaves the payload as is. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error('load generator only sends short frames');
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | payload.length;
  payload.copy(frame, 6);
  return frame;
}

export interface LoadOptions {
  /** Offer permessage-deflate (no context takeover, as browsers may): frames are counted, not read. */
  deflate?: boolean;
}

/** welcome, subscribed, snapshot: a compressed snapshot cannot be searched, so it is told by its place. */
const SNAPSHOT_FRAME = 3;

export async function openLoad(port: number, n: number, symbols: readonly string[], maxFrames: number, options: LoadOptions = {}): Promise<Load> {
  const latencies = new Float64Array(n * maxFrames);
  let samples = 0;
  const received = new Uint32Array(n);
  const frameCounts = new Uint32Array(n);
  const sockets: Socket[] = new Array<Socket>(n);
  let closed = 0;
  let closing = false;
  let subscribed = 0;
  let allSubscribed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (allSubscribed = resolve));
  const subscribe = clientFrame(0x1, Buffer.from(JSON.stringify({ type: 'subscribe', symbols })));
  const upgrade = (key: string) =>
    `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${options.deflate ? 'Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; client_max_window_bits\r\n' : ''}\r\n`;

  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        localAddress: `127.0.0.${2 + (i % SOURCE_ADDRESSES)}`,
        noDelay: true,
        onread: {
          buffer: READ_BUFFER,
          callback: (bytes: number) => {
            onRead(READ_BUFFER, bytes);
            return true; // keep reading
          },
        },
      });
      sockets[i] = socket;
      let upgraded = false;
      let snapshot = false;
      let warmedUp = false;
      let pending: Buffer | null = null;
      let textFrames = 0;

      /**
       * One text frame's payload, `data[start, end)`. Searched through a view bounded at the frame's
       * end: `Buffer.indexOf` has no end offset, and a search from an offset runs on through the rest
       * of the 256 KB read buffer when the mark is not there (after a frame's last tick, every time):
       * a profile had that scan at ~72 us of the generator's ~80 us per frame.
       */
      const onText = (data: Buffer, start: number, end: number) => {
        textFrames++;
        if (!snapshot) {
          // welcome, subscribed, then the snapshot; batches are published only after every client has one.
          const isSnapshot = options.deflate ? textFrames === SNAPSHOT_FRAME : data.subarray(start, end).includes(SNAPSHOT);
          if (isSnapshot) {
            snapshot = true;
            if (++subscribed === n) allSubscribed();
          }
          return;
        }
        frameCounts[i] = (frameCounts[i] as number) + 1;
        const frame = data.subarray(start, end);
        let at = frame.indexOf(MARK);
        if (at === -1) return;
        if (!warmedUp) {
          // The first batch is the warm-up (JIT, first-touch allocations): not measured, in any design.
          warmedUp = true;
          return;
        }
        const now = nowMs();
        const sentAt = parseFloat(frame.toString('latin1', at + MARK.length, at + MARK.length + 24));
        let ticks = 0;
        for (; at !== -1; at = frame.indexOf(MARK, at + MARK.length)) ticks++;
        if (samples < latencies.length) latencies[samples++] = now - sentAt;
        received[i] = (received[i] as number) + ticks;
      };

      /** Parses whole frames from `buf[off, end)`; returns where the unparsed rest (a frame split across reads) starts. */
      const frames = (buf: Buffer, off: number, end: number): number => {
        while (end - off >= 2) {
          const b0 = buf[off] as number;
          let len = (buf[off + 1] as number) & 0x7f;
          let head = 2;
          if (len === 126) {
            if (end - off < 4) break;
            len = buf.readUInt16BE(off + 2);
            head = 4;
          } else if (len === 127) {
            if (end - off < 10) break;
            len = buf.readUInt32BE(off + 2) * 2 ** 32 + buf.readUInt32BE(off + 6);
            head = 10;
          }
          if (end - off < head + len) break;
          const start = off + head;
          off = start + len;
          const opcode = b0 & 0x0f;
          if ((b0 & 0x80) === 0 || opcode === 0) throw new Error('load generator does not expect fragmented frames');
          if (opcode === 0x1) onText(buf, start, off);
          else if (opcode === 0x9) socket.write(clientFrame(0xa, buf.subarray(start, off)));
          else if (opcode === 0x8) socket.end();
        }
        return off;
      };

      /** `chunk[0, bytes)` was just read; `chunk` may be READ_BUFFER, so whatever must outlive this call is copied. */
      const onRead = (chunk: Buffer, bytes: number) => {
        let buf = chunk;
        let end = bytes;
        if (pending) {
          buf = Buffer.concat([pending, chunk.subarray(0, bytes)]);
          end = buf.length;
          pending = null;
        }
        let off = 0;
        if (!upgraded) {
          const head = buf.indexOf(HEAD_END);
          if (head === -1 || head >= end) {
            pending = Buffer.from(buf.subarray(0, end));
            return;
          }
          if (!buf.toString('latin1', 0, 13).startsWith('HTTP/1.1 101')) {
            socket.destroy();
            reject(new Error(`upgrade refused: ${buf.toString('latin1', 0, Math.min(head, 200))}`));
            return;
          }
          upgraded = true;
          socket.write(subscribe);
          resolve();
          off = head + HEAD_END.length;
        }
        const rest = frames(buf, off, end);
        if (rest < end) pending = Buffer.from(buf.subarray(rest, end));
      };

      socket.once('connect', () => socket.write(upgrade(randomBytes(16).toString('base64'))));
      socket.on('error', reject);
      socket.once('close', () => {
        if (!closing) closed++;
      });
    });

  let next = 0;
  const worker = async () => {
    while (next < n) await open(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, n) }, worker));
  await ready;

  return {
    latencies: () => latencies.subarray(0, samples),
    received: () => received,
    frames: () => frameCounts,
    closed: () => closed,
    async close() {
      closing = true;
      const done = sockets.map((s) => new Promise<void>((resolve) => (s.closed ? resolve() : s.once('close', () => resolve()))));
      for (const s of sockets) s.destroy();
      await Promise.all(done);
    },
  };
}
