// Latency of sequential HTTP requests (body read and parsed), measured by a client on its own thread.
import { Worker } from 'node:worker_threads';
import { mulberry32 } from '../../backend/src/sources/simulated/random.ts';

export interface Stats {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  meanRows: number;
}


const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function measure(
  baseUrl: string,
  pathFor: (symbol: string) => string,
  symbols: readonly string[],
  opts: { requests: number; warmup: number; seed: number } | { each: true },
): Promise<Stats> {
  let paths: string[];
  let warmup = 0;
  if ('each' in opts) {
    // Every symbol once, in order: the first read of each (a cold cache, when the server keeps one).
    paths = symbols.map(pathFor);
  } else {
    const pick = mulberry32(opts.seed);
    paths = Array.from({ length: opts.warmup + opts.requests }, () => pathFor(symbols[Math.floor(pick() * symbols.length)]!));
    warmup = opts.warmup;
  }
  const worker = new Worker(new URL('./client-worker.ts', import.meta.url), { workerData: { baseUrl, paths, warmup } });
  const { durations, rows } = await new Promise<{ durations: number[]; rows: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`client worker exited with ${code}`)));
  });
  await worker.terminate();
  durations.sort((a, b) => a - b);
  return {
    requests: durations.length,
    p50: percentile(durations, 0.5),
    p99: percentile(durations, 0.99),
    max: durations.at(-1)!,
    meanRows: rows / durations.length,
  };
}

export function formatStats(name: string, s: Stats): string {
  return `    ${name.padEnd(40)} p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99.toFixed(2).padStart(6)} ms   max ${s.max
    .toFixed(2)
    .padStart(7)} ms   (${s.requests} req, ${s.meanRows.toFixed(0)} bars each)`;
}
