// npm run bench:frame-bytes [-- --seconds 12 --symbols AAPL,MSFT,...]
//
// Bytes per client per poll, on the real wire: starts the app (simulated source, always-open market,
// 1 s polls, a throw-away embedded database), subscribes one WebSocket client to the 8-symbol
// watchlist and records every frame after the snapshot. Prints the median poll frame (the array a
// poll publishes), its message count and the average bytes per message type, and the snapshot's size.
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startApp } from './support/app.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '12' },
    symbols: { type: 'string', default: 'AAPL,MSFT,GOOGL,AMZN,NVDA,TSLA,BTC-USD,ETH-USD' },
  },
});
const seconds = Number(args.seconds);
const symbols = args.symbols.split(',');
const app = await startApp({ BACKFILL_DAYS: '0', WATCHLIST: symbols.join(',') });

try {
  const ws = new WebSocket(`ws://127.0.0.1:${app.port}/ws`, { origin: app.url });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const polls: { bytes: number; count: number }[] = [];
  const byType = new Map<string, { bytes: number; count: number }>();
  let snapshotBytes = 0;
  ws.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    const parsed = JSON.parse(text) as { type: string } | { type: string }[];
    if (!Array.isArray(parsed)) {
      if (parsed.type === 'snapshot') snapshotBytes = data.length;
      return;
    }
    polls.push({ bytes: data.length, count: parsed.length });
    for (const m of parsed) {
      const t = byType.get(m.type) ?? { bytes: 0, count: 0 };
      t.bytes += Buffer.byteLength(JSON.stringify(m));
      t.count++;
      byType.set(m.type, t);
    }
  });
  ws.send(JSON.stringify({ type: 'subscribe', symbols }));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  ws.close();
  // The poll frames of a steady market: every symbol moved (the first poll after start may be partial).
  const full = polls.filter((p) => p.count >= symbols.length);
  const sorted = full.map((p) => p.bytes).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const typical = full.find((p) => p.bytes === median);
  console.log(`${symbols.length}-symbol poll frame (WebSocket payload), median of ${full.length} polls: ${median} bytes, ${typical?.count ?? 0} messages`);
  for (const [type, t] of byType) console.log(`  ${type.padEnd(8)} ${(t.bytes / t.count).toFixed(0).padStart(5)} bytes/message (${t.count} seen)`);
  console.log(`snapshot for ${symbols.length} symbols: ${snapshotBytes} bytes`);
} finally {
  await app.stop();
}
