// The load generator: N WebSocket clients in this one process, each subscribed to every symbol.
// Per frame it only scans bytes (count tick messages, read the send time after TIME_MARK); no
// JSON parsing, so its own cost stays small next to the server's.
import WebSocket from 'ws';
import { TIME_MARK, nowMs } from './messages.ts';

const TICK = Buffer.from('"type":"tick"');
const SNAPSHOT = Buffer.from('"type":"snapshot"');
const MARK = Buffer.from(TIME_MARK);
/** Source addresses to spread connections over, so ephemeral ports never run out. */
const SOURCE_ADDRESSES = 50;
const CONNECT_CONCURRENCY = 200;

export interface Load {
  /** tick-to-client latencies in ms, one per (client, frame) */
  latencies(): Float64Array;
  /** tick messages received per client */
  received(): Uint32Array;
  /** clients whose connection closed during the run */
  closed(): number;
  close(): Promise<void>;
}

function count(buf: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + needle.length)) n++;
  return n;
}

export async function openLoad(port: number, n: number, symbols: readonly string[], maxFrames: number): Promise<Load> {
  const latencies = new Float64Array(n * maxFrames);
  let samples = 0;
  const received = new Uint32Array(n);
  const sockets: WebSocket[] = new Array<WebSocket>(n);
  let closed = 0;
  let subscribed = 0;
  let allSubscribed: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (allSubscribed = resolve));
  const subscribe = JSON.stringify({ type: 'subscribe', symbols });

  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { localAddress: `127.0.0.${2 + (i % SOURCE_ADDRESSES)}`, perMessageDeflate: false });
      sockets[i] = ws;
      let snapshot = false;
      let warmedUp = false;
      ws.on('message', (data: Buffer) => {
        const ticks = count(data, TICK);
        if (ticks === 0) {
          if (!snapshot && data.indexOf(SNAPSHOT) !== -1) {
            snapshot = true;
            if (++subscribed === n) allSubscribed();
          }
          return;
        }
        if (!warmedUp) {
          // The first batch is the warm-up (JIT, first-touch allocations): not measured, in any design.
          warmedUp = true;
          return;
        }
        const at = data.indexOf(MARK) + MARK.length;
        const sentAt = parseFloat(data.toString('latin1', at, at + 24));
        if (samples < latencies.length) latencies[samples++] = nowMs() - sentAt;
        received[i] = (received[i] as number) + ticks;
      });
      ws.once('open', () => {
        ws.send(subscribe);
        resolve();
      });
      ws.once('error', reject);
      ws.once('close', () => closed++);
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
    closed: () => closed,
    async close() {
      const done = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve()))));
      for (const ws of sockets) ws.terminate();
      await Promise.all(done);
    },
  };
}
