/** One design's run (one server process, one set of connected clients). */
export interface RunResult {
  design: string;
  clients: number;
  /** tick-to-client latencies in ms, one per (client, measured batch) */
  latencies: Float64Array;
  lost: number;
  disconnected: number;
  rssPeakMb: number;
  cpuPercent: number;
  /** server-side time to hand each measured batch to every socket */
  sendMs: number[];
  /** the load generator's CPU time (user + system) per frame it received, in microseconds */
  generatorUsPerFrame: number;
}

/** A design at one client count, all its runs (rounds) pooled. */
export interface Summary {
  design: string;
  clients: number;
  batches: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 of each run, in run order: the spread that machine noise causes */
  p99ByRun: number[];
  lost: number;
  disconnected: number;
  rssPeakMb: number;
  cpuPercent: number;
  /** median over all measured batches */
  handOffMs: number;
  /** mean over runs */
  generatorUsPerFrame: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : Number.NaN;
}

function pooled(arrays: Float64Array[]): Float64Array {
  const all = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    all.set(a, at);
    at += a.length;
  }
  return all.sort();
}

export function summarize(runs: RunResult[]): Summary[] {
  const keys = [...new Set(runs.map((r) => `${r.clients}\u0000${r.design}`))];
  return keys.map((key) => {
    const mine = runs.filter((r) => `${r.clients}\u0000${r.design}` === key);
    const first = mine[0] as RunResult;
    const latencies = pooled(mine.map((r) => r.latencies));
    return {
      design: first.design,
      clients: first.clients,
      batches: mine.reduce((n, r) => n + r.sendMs.length, 0),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.length ? (latencies[latencies.length - 1] as number) : Number.NaN,
      p99ByRun: mine.map((r) => percentile(r.latencies.slice().sort(), 99)),
      lost: mine.reduce((n, r) => n + r.lost, 0),
      disconnected: mine.reduce((n, r) => n + r.disconnected, 0),
      rssPeakMb: Math.max(...mine.map((r) => r.rssPeakMb)),
      cpuPercent: mine.reduce((n, r) => n + r.cpuPercent, 0) / mine.length,
      handOffMs: median(mine.flatMap((r) => r.sendMs)),
      generatorUsPerFrame: mine.reduce((n, r) => n + r.generatorUsPerFrame, 0) / mine.length,
    };
  });
}

const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export function table(summaries: Summary[]): string {
  const head = ['design', 'clients', 'batches', 'p50 ms', 'p99 ms', 'max ms', 'p99 per round ms', 'lost', 'disconn', 'server RSS MB', 'server CPU %', 'hand-off ms', 'hand-off us/client', 'generator us/frame'];
  const rows = summaries.map((r) => [
    r.design,
    String(r.clients),
    String(r.batches),
    f(r.p50),
    f(r.p99),
    f(r.max),
    r.p99ByRun.map((v) => f(v, 0)).join(' / '),
    String(r.lost),
    String(r.disconnected),
    f(r.rssPeakMb, 0),
    f(r.cpuPercent),
    f(r.handOffMs),
    f((r.handOffMs * 1000) / r.clients),
    f(r.generatorUsPerFrame),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function ratios(summaries: Summary[]): string {
  const out: string[] = [];
  for (const clients of new Set(summaries.map((r) => r.clients))) {
    const at = (d: string) => summaries.find((r) => r.clients === clients && r.design === d);
    const ts = at('tickstream');
    if (!ts) continue;
    for (const base of ['bare', 'tutorial', 'tutorial-full']) {
      const b = at(base);
      if (!b) continue;
      // Rounds are paired: in round i both designs ran back to back under the same conditions.
      const pairs = Math.min(ts.p99ByRun.length, b.p99ByRun.length);
      let wins = 0;
      for (let i = 0; i < pairs; i++) if ((ts.p99ByRun[i] as number) <= (b.p99ByRun[i] as number)) wins++;
      out.push(
        `${clients} clients, tickstream vs ${base}: p99 x${f(ts.p99 / b.p99, 2)} (no worse in ${wins}/${pairs} rounds), p50 x${f(ts.p50 / b.p50, 2)}, ` +
          `max x${f(ts.max / b.max, 2)}, CPU x${f(ts.cpuPercent / b.cpuPercent, 2)}, RSS x${f(ts.rssPeakMb / b.rssPeakMb, 2)}, hand-off x${f(ts.handOffMs / b.handOffMs, 2)}`,
      );
    }
  }
  return out.join('\n');
}
