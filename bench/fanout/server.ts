// One server under test, in its own process so its RSS and CPU are its own.
// Usage (forked by bench/fanout.ts): node bench/fanout/server.ts <tickstream|bare|tutorial|tutorial-full> <symbols,...>
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { benchBatch, benchMessages, nowMs, type FromServer, type ToServer } from './messages.ts';

const design = process.argv[2];
const symbols = (process.argv[3] ?? 'AAPL').split(',');
const send = (m: FromServer) => process.send?.(m);

// Each design loads only its own code, so the RSS compared is the design's.
async function build() {
  if (design === 'tickstream') {
    const t = (await import('./tickstream-server.ts')).tickstreamServer(symbols);
    return { server: t.server, publish: (seq: number, at: number) => t.publish(benchBatch(symbols, seq, at)) };
  }
  const server = createServer();
  const impl = design === 'bare' ? (await import('./baseline-bare.ts')).bareServer(server) : (await import('./baseline-tutorial.ts')).tutorialServer(server);
  const full = design === 'tutorial-full';
  return { server, publish: (seq: number, at: number) => impl.publish(benchMessages(benchBatch(symbols, seq, at), seq * symbols.length * 2, full)) };
}

const { server, publish } = await build();
server.listen(0, '127.0.0.1', 4096, () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));

// FANOUT_GC_LOG=1: every GC pause (performance.now() clock) and each batch's hand-off window, so
// pauses landing inside a fan-out can be told from pauses between batches.
const gcKinds: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-cb',
};
const gcs: { start: number; ms: number; kind: string }[] = [];
const windows: { seq: number; start: number; end: number; cpuMs: number }[] = [];
if (process.env.FANOUT_GC_LOG) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: gcKinds[(e as unknown as { detail: { kind: number } }).detail.kind] ?? 'other' });
  }).observe({ entryTypes: ['gc'] });
}
function gcReport(): string {
  const lines = [`${design} GC log: ${gcs.length} pauses, ${gcs.reduce((n, g) => n + g.ms, 0).toFixed(1)} ms total`];
  for (const w of windows) {
    const inside = gcs.filter((g) => g.start < w.end && g.start + g.ms > w.start);
    const desc = inside.map((g) => `${g.kind} ${g.ms.toFixed(1)}ms @+${(g.start - w.start).toFixed(0)}`).join(', ');
    lines.push(`  batch ${w.seq}: hand-off ${(w.end - w.start).toFixed(1)} ms, on CPU ${w.cpuMs.toFixed(1)} ms; GC inside: ${inside.length ? desc : 'none'}`);
  }
  const t0 = windows[0]?.start ?? 0;
  for (const g of gcs) if (g.start >= t0) lines.push(`  gc ${g.kind} ${g.ms.toFixed(1)} ms at +${(g.start - t0).toFixed(0)} ms`);
  return lines.join('\n') + '\n';
}

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
    const p0 = performance.now();
    const c0 = process.cpuUsage();
    sending.push(
      Promise.resolve(publish(s, at)).then(() => {
        const c = process.cpuUsage(c0);
        windows.push({ seq: s, start: p0, end: performance.now(), cpuMs: (c.user + c.system) / 1000 });
        if (s > 0) sendMs.push(nowMs() - at);
      }),
    );
    if (seq <= m.batches) return;
    clearInterval(timer);
    // Every batch handed to every socket (the tutorial design may lag behind the schedule), then
    // time for the last frames to arrive before the totals are read.
    void Promise.all(sending).then(() => setTimeout(() => {
      clearInterval(sample);
      const cpu = process.cpuUsage(cpu0);
      const rss = process.memoryUsage.rss();
      if (process.env.FANOUT_GC_LOG) process.stderr.write(gcReport());
      send({ type: 'done', rssPeakMb: Math.max(rssPeak, rss) / 2 ** 20, rssEndMb: rss / 2 ** 20, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: nowMs() - t0, sendMs });
    }, m.intervalMs));
  };
  const timer = setInterval(tick, m.intervalMs);
});
