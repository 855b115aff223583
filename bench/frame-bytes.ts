// npm run bench:frame-bytes [-- --seconds 12 --symbols AAPL,MSFT,... --connections 2000]
//
// Bytes per client per poll, on the real wire: starts the app (simulated source, always-open market,
// 1 s polls, a throw-away embedded database), subscribes two WebSocket clients to the 8-symbol
// watchlist, one plain and one that negotiates permessage-deflate (as browsers do), and records
// every frame after the snapshot. Prints the median poll frame (the array a poll publishes): its
// JSON size, message count and average bytes per message type, and the bytes it took on the wire
// for each client (TCP bytes read per frame). Then the memory a connection costs: RSS of the app
// before and after --connections idle clients that subscribed, without and with deflate (each
// deflate client sends its subscribe compressed, as a browser does, so the server keeps an inflater).
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { wsDeflateFrame } from '../backend/src/live/core/encode.ts';
import { rssMb, startApp, type RunningApp } from './support/app.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '12' },
    symbols: { type: 'string', default: 'AAPL,MSFT,GOOGL,AMZN,NVDA,TSLA,BTC-USD,ETH-USD' },
    connections: { type: 'string', default: '2000' },
  },
});
const seconds = Number(args.seconds);
const symbols = args.symbols.split(',');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Recorder {
  polls: { bytes: number; wire: number; count: number; text: string }[];
  byType: Map<string, { bytes: number; count: number }>;
  snapshotBytes: number;
  snapshotWire: number;
  ws: WebSocket;
}

async function record(app: RunningApp, deflate: boolean): Promise<Recorder> {
  // threshold 0: the client compresses even its small messages, as browsers do
  const ws = new WebSocket(`ws://127.0.0.1:${app.port}/ws`, { origin: app.url, perMessageDeflate: deflate ? { threshold: 0 } : false });
  let socket: Socket | undefined;
  ws.once('upgrade', (res) => (socket = res.socket as Socket));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const r: Recorder = { polls: [], byType: new Map(), snapshotBytes: 0, snapshotWire: 0, ws };
  const readAtOpen = socket?.bytesRead ?? 0;
  let readBefore = readAtOpen;
  ws.on('message', (data: Buffer) => {
    const wire = (socket?.bytesRead ?? 0) - readBefore;
    readBefore = socket?.bytesRead ?? 0;
    const text = data.toString('utf8');
    const parsed = JSON.parse(text) as { type: string } | { type: string }[];
    if (!Array.isArray(parsed)) {
      // welcome, subscribed and snapshot: they may share a TCP read, so counted together
      if (parsed.type === 'snapshot') [r.snapshotBytes, r.snapshotWire] = [data.length, (socket?.bytesRead ?? 0) - readAtOpen];
      return;
    }
    r.polls.push({ bytes: data.length, wire, count: parsed.length, text });
    for (const m of parsed) {
      const t = r.byType.get(m.type) ?? { bytes: 0, count: 0 };
      t.bytes += Buffer.byteLength(JSON.stringify(m));
      t.count++;
      r.byType.set(m.type, t);
    }
  });
  ws.send(JSON.stringify({ type: 'subscribe', symbols }));
  return r;
}

/** RSS once start-up has settled: two readings a second apart within 1 MB (at most 30 s). */
async function steadyRss(app: RunningApp): Promise<number> {
  let last = await rssMb(app.child.pid as number);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await rssMb(app.child.pid as number);
    if (Math.abs(now - last) < 1) return now;
    last = now;
  }
  return last;
}

/** RSS per connection: opens `n` clients that each subscribe to one symbol, then reads the app's RSS. */
async function perConnection(app: RunningApp, n: number, deflate: boolean): Promise<{ before: number; after: number; negotiated: number }> {
  const before = await steadyRss(app);
  const clients: WebSocket[] = [];
  let negotiated = 0;
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${app.port}/ws`, { origin: app.url, perMessageDeflate: deflate ? { threshold: 0 } : false });
      clients.push(ws);
      return new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('open', () => {
          if (ws.extensions.includes('permessage-deflate')) negotiated++;
          ws.send(JSON.stringify({ type: 'subscribe', symbols: [symbols[0]] }));
          ws.once('message', () => resolve());
        });
      });
    });
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 3000)); // a few polls reach every client
  const after = await steadyRss(app);
  await Promise.all(clients.map((ws) => new Promise((r) => (ws.once('close', r), ws.close()))));
  return { before, after, negotiated };
}

// WS_MAX_CONNECTIONS_PER_IP: every bench client comes from 127.0.0.1
const env = { BACKFILL_DAYS: '0', WATCHLIST: symbols.join(','), WS_MAX_CONNECTIONS_PER_IP: '100000' };
const app = await startApp(env);
try {
  const plain = await record(app, false);
  const deflated = await record(app, true);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  plain.ws.close();
  deflated.ws.close();
  // The poll frames of a steady market: every symbol moved (the first poll after start may be partial).
  const full = (r: Recorder) => r.polls.filter((p) => p.count >= symbols.length);
  const polls = full(plain);
  const json = median(polls.map((p) => p.bytes));
  console.log(`${symbols.length}-symbol poll frame, median of ${polls.length} polls: ${json} bytes of JSON, ${polls.find((p) => p.bytes === json)?.count ?? 0} messages`);
  for (const [type, t] of plain.byType) console.log(`  ${type.padEnd(8)} ${(t.bytes / t.count).toFixed(0).padStart(5)} bytes/message (${t.count} seen)`);
  console.log(`  on the wire, plain client:   ${median(polls.map((p) => p.wire))} bytes per poll frame`);
  console.log(`  on the wire, deflate client: ${median(full(deflated).map((p) => p.wire))} bytes per poll frame (permessage-deflate, no context takeover)`);
  console.log(`snapshot for ${symbols.length} symbols: ${plain.snapshotBytes} bytes of JSON; welcome + subscribed + snapshot on the wire: plain ${plain.snapshotWire}, deflate ${deflated.snapshotWire} bytes`);
  // What compression costs the server: once per poll and group of clients following the same symbols.
  const text = polls.find((p) => p.bytes === json)?.text ?? '[]';
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < 1000; i++) wsDeflateFrame(text);
  const cpu = process.cpuUsage(cpuStart);
  console.log(`compressing that frame (encode.ts wsDeflateFrame): ${((cpu.user + cpu.system) / 1000).toFixed(1)} us CPU, once per poll per group of clients`);

} finally {
  await app.stop();
}

const n = Number(args.connections);
// a fresh app (with the app's node flags) for each, so neither run reuses memory the other freed
for (const deflate of n > 0 ? [false, true] : []) {
  const fresh = await startApp(env);
  try {
    const { before, after, negotiated } = await perConnection(fresh, n, deflate);
    const kb = ((after - before) * 1024) / n;
    console.log(`${n} idle subscribed clients ${deflate ? `with deflate (${negotiated} negotiated)` : 'plain'}: RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB, ${kb.toFixed(1)} KB per connection`);
  } finally {
    await fresh.stop();
  }
}
