// One server under test, in its own process so its RSS and CPU are its own.
// Usage (forked by bench/fanout.ts): node bench/fanout/server.ts <tickstream|bare|tutorial> <symbols,...>
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchMessages, benchTicks, nowMs, type FromServer, type ToServer } from './messages.ts';

const design = process.argv[2];
const symbols = (process.argv[3] ?? 'AAPL').split(',');
const send = (m: FromServer) => process.send?.(m);

// Each design loads only its own code, so the RSS compared is the design's.
async function build() {
  if (design === 'tickstream') {
    const t = (await import('./tickstream-server.ts')).tickstreamServer(symbols);
    return { server: t.server, publish: (seq: number, at: number) => t.publish(benchTicks(symbols, seq, at)) };
  }
  const server = createServer();
  const impl = design === 'bare' ? (await import('./baseline-bare.ts')).bareServer(server) : (await import('./baseline-tutorial.ts')).tutorialServer(server);
  return { server, publish: (seq: number, at: number) => impl.publish(benchMessages(benchTicks(symbols, seq, at), seq * symbols.length)) };
}

const { server, publish } = await build();
server.listen(0, '127.0.0.1', 4096, () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));

process.on('message', (m: ToServer) => {
  if (m.type === 'exit') process.exit(0);
  if (m.type !== 'start') return;
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  let rssPeak = process.memoryUsage.rss();
  const sample = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
  const sendMs: number[] = [];
  const sending: Promise<void>[] = [];
  let seq = 0;
  const tick = () => {
    const at = nowMs();
    const s = seq++;
    // Batch 0 is the warm-up the load generator does not measure.
    sending.push(Promise.resolve(publish(s, at)).then(() => void (s > 0 && sendMs.push(nowMs() - at))));
    if (seq <= m.batches) return;
    clearInterval(timer);
    // Every batch handed to every socket (the tutorial design may lag behind the schedule), then
    // time for the last frames to arrive before the totals are read.
    void Promise.all(sending).then(() => setTimeout(() => {
      clearInterval(sample);
      const cpu = process.cpuUsage(cpu0);
      const rss = process.memoryUsage.rss();
      send({ type: 'done', rssPeakMb: Math.max(rssPeak, rss) / 2 ** 20, rssEndMb: rss / 2 ** 20, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: nowMs() - t0, sendMs });
    }, m.intervalMs));
  };
  const timer = setInterval(tick, m.intervalMs);
});
