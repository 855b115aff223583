export interface RunResult {
  design: string;
  clients: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  disconnected: number;
  rssPeakMb: number;
  cpuPercent: number;
  /** server-side time to hand one batch to every socket, median */
  handOffMs: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.floor(s.length / 2)] as number) : Number.NaN;
}

const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export function table(results: RunResult[]): string {
  const head = ['design', 'clients', 'p50 ms', 'p99 ms', 'max ms', 'lost', 'disconn', 'server RSS MB', 'server CPU %', 'hand-off ms'];
  const rows = results.map((r) => [r.design, String(r.clients), f(r.p50), f(r.p99), f(r.max), String(r.lost), String(r.disconnected), f(r.rssPeakMb, 0), f(r.cpuPercent), f(r.handOffMs)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function ratios(results: RunResult[]): string {
  const out: string[] = [];
  for (const clients of new Set(results.map((r) => r.clients))) {
    const at = (d: string) => results.find((r) => r.clients === clients && r.design === d);
    const ts = at('tickstream');
    if (!ts) continue;
    for (const base of ['bare', 'tutorial']) {
      const b = at(base);
      if (!b) continue;
      out.push(
        `${clients} clients, tickstream vs ${base}: p99 x${f(ts.p99 / b.p99, 2)}, p50 x${f(ts.p50 / b.p50, 2)}, ` +
          `max x${f(ts.max / b.max, 2)}, CPU x${f(ts.cpuPercent / b.cpuPercent, 2)}, RSS x${f(ts.rssPeakMb / b.rssPeakMb, 2)}, hand-off x${f(ts.handOffMs / b.handOffMs, 2)}`,
      );
    }
  }
  return out.join('\n');
}
