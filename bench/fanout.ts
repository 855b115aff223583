// npm run bench:fanout [-- --clients 1000,5000,10000 --batches 10 --rounds 5 --interval 1000
//                          --designs tickstream,bare,tutorial,tutorial-full --symbols AAPL,MSFT,...
//                          --churn 60 --churn-clients 10000 --drops 400 --churn-only]
//
// Loopback fan-out benchmark. For each client count and design, a server child process
// (bench/fanout/server.ts) accepts N WebSocket clients opened by this process (each subscribed to
// the whole watchlist), then publishes one poll's batch (a tick and a 1m candle per symbol) per interval with the send time
// inside, after one unmeasured warm-up batch. Every design runs once per round, in an order that
// rotates from round to round, so machine noise and run order hit all designs alike; the figures
// pool all rounds (rounds x batches measured batches per design, so p99 is not just the worst
// batch), and the p99 of each round is printed too, to show the spread.
// Printed: p50/p99/max tick-to-client latency, tick messages lost, server peak RSS and CPU
// (publishing phase), the load generator's own CPU per frame received (to be compared with the
// server's hand-off per client: when it is not well below, the latencies are the generator's
// queue), and Tickstream's ratios to baselines:
//   bare      serialize once, ws.send(sameString) to every client (bench/fanout/baseline-bare.ts)
//   tutorial  Set of sockets, JSON.stringify + await send per client (bench/fanout/baseline-tutorial.ts)
//   tutorial-full  the same loop sending the frame as it was before ticks carried only what moves
//             (every field of the quote on every tick): the baseline of issue #14's aim for fewer
//             bytes, a 10k p99 at most 0.15x this loop's
// Needs ~N+100 file descriptors per process: it raises its own soft limit by re-running itself
// under `ulimit -n` when the hard limit allows, else it says what to run. Clients connect from
// 127.0.0.2-51 so ephemeral ports never run out. FANOUT_PROFILE=1 writes server CPU profiles to
// /tmp/prof; FANOUT_SERVER_FLAGS passes node flags to the server child; FANOUT_GC_LOG=1 makes the
// server print each batch's hand-off window and the GC pauses inside it. CPU % is of one core, over
// the publishing phase.
import { execFileSync, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openLoad } from './fanout/load.ts';
import { benchBatch, benchMessages, type FromServer, type ToServer } from './fanout/messages.ts';
import { openChurn } from './fanout/churn.ts';
import { percentile, ratios, summarize, table, type RunResult } from './fanout/stats.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000,5000,10000' },
    batches: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    interval: { type: 'string', default: '1000' },
    designs: { type: 'string', default: 'tickstream,bare,tutorial,tutorial-full' },
    symbols: { type: 'string', default: 'AAPL,MSFT,GOOGL,AMZN,NVDA,TSLA,BTC-USD,ETH-USD' },
    churn: { type: 'string', default: '60' },
    'churn-clients': { type: 'string', default: '10000' },
    drops: { type: 'string', default: '400' },
    /** only the churn run, no steady-state rounds */
    'churn-only': { type: 'boolean', default: false },
  },
});
const positive = (raw: string, name: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
};
const clientCounts = args.clients.split(',').map((c) => positive(c, 'clients'));
const batches = positive(args.batches, 'batches');
const rounds = positive(args.rounds, 'rounds');
const intervalMs = positive(args.interval, 'interval');
const designs = args.designs.split(',');
const churnSeconds = Number(args.churn);
const churnClients = positive(args['churn-clients'], 'churn-clients');
const dropsPerSecond = positive(args.drops, 'drops');
const symbols = args.symbols.split(',');
for (const d of designs) if (!['tickstream', 'bare', 'tutorial', 'tutorial-full'].includes(d)) throw new Error(`unknown design ${d}`);

function ensureFileLimit(): void {
  const need = Math.max(...clientCounts, churnSeconds > 0 ? churnClients : 0) + 256;
  const sh = (cmd: string) => Number(execFileSync('/bin/sh', ['-c', cmd]).toString().trim());
  const soft = sh('ulimit -n');
  if (soft >= need) return;
  const hard = sh('ulimit -Hn');
  if (process.env.FANOUT_RAISED || hard < need) {
    process.stderr.write(`Need ${need} open files per process, have ${soft} (hard limit ${hard}).\nRun: ulimit -n ${need} && npm run bench:fanout\n`);
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, FANOUT_RAISED: '1' },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
  throw new ReRun();
}
class ReRun extends Error {}

setFlagsFromString('--expose-gc');
/** A full GC of this (the load generator's) heap, between runs only. */
const collectGarbage = runInNewContext('gc') as () => void;

/** Node flags for the server child only: FANOUT_PROFILE=1 adds CPU profiles, FANOUT_SERVER_FLAGS (space-separated) e.g. --trace-gc. */
const serverFlags = [
  ...(process.env.FANOUT_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
  ...(process.env.FANOUT_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
];

function forkServer(design: string) {
  const server = fork(fileURLToPath(new URL('./fanout/server.ts', import.meta.url)), [design, symbols.join(',')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: serverFlags });
  const messages = (type: FromServer['type']) =>
    new Promise<FromServer>((resolve, reject) => {
      const on = (m: FromServer) => {
        if (m.type !== type) return;
        server.off('message', on);
        resolve(m);
      };
      server.on('message', on);
      server.once('exit', (code) => reject(new Error(`${design} server exited (${code})`)));
    });
  const tell = (m: ToServer) => server.send(m);
  const exit = async () => {
    if (server.connected) tell({ type: 'exit' });
    if (server.exitCode === null) await once(server, 'exit');
  };
  return { messages, tell, exit };
}

async function run(design: string, clients: number): Promise<RunResult> {
  const { messages, tell, exit } = forkServer(design);
  try {
    const ready = (await messages('ready')) as Extract<FromServer, { type: 'ready' }>;
    const t0 = Date.now();
    const load = await openLoad(ready.port, clients, symbols, batches);
    process.stdout.write(`  ${design} x ${clients}: connected and subscribed in ${Date.now() - t0} ms; publishing ${batches} batches...\n`);
    const finished = messages('done');
    const genCpu0 = process.cpuUsage();
    tell({ type: 'start', batches, intervalMs });
    const done = (await finished) as Extract<FromServer, { type: 'done' }>;
    const genCpu = process.cpuUsage(genCpu0);
    const expected = batches * symbols.length;
    let lost = 0;
    for (const got of load.received()) lost += Math.max(0, expected - got);
    const result: RunResult = {
      design,
      clients,
      latencies: load.latencies().slice(),
      lost,
      disconnected: load.closed(),
      rssPeakMb: done.rssPeakMb,
      cpuPercent: (done.cpuMs / done.wallMs) * 100,
      sendMs: done.sendMs,
      // every client gets the warm-up batch too: batches + 1 frames each
      generatorUsPerFrame: (genCpu.user + genCpu.system) / (clients * (batches + 1)),
    };
    await load.close();
    return result;
  } finally {
    await exit();
  }
}

/** Replay under churn on Tickstream: one line of figures. */
async function churnRun(): Promise<string> {
  const { messages, tell, exit } = forkServer('tickstream');
  try {
    const ready = (await messages('ready')) as Extract<FromServer, { type: 'ready' }>;
    const churn = await openChurn(ready.port, churnClients, symbols);
    const finished = messages('done');
    const batchCount = Math.max(1, Math.round((churnSeconds * 1000) / intervalMs));
    tell({ type: 'start', batches: batchCount, intervalMs });
    churn.start(dropsPerSecond);
    await finished;
    const r = await churn.finish();
    const due = r.expected * churnClients;
    const f = (n: number) => n.toFixed(1);
    return (
      `churn: ${churnClients} clients, ${batchCount} batches over ${churnSeconds} s, ${dropsPerSecond} drops/s: ${r.drops} cut and resumed; ` +
      `delivered ${r.received} of ${due} messages (${((r.received / due) * 100).toFixed(3)}%), ${r.caughtUp} of ${churnClients} clients at the last offset, ` +
      `duplicates ${r.duplicates}, gaps ${r.gaps}, recovered:false ${r.notRecovered}, unexpected errors/closes ${r.errors}; ` +
      `replay p50 ${f(percentile(r.replayMs, 50))} ms, p99 ${f(percentile(r.replayMs, 99))} ms, max ${f(r.replayMs.at(-1) ?? Number.NaN)} ms ` +
      `(of which until \`resumed\`: p50 ${f(percentile(r.resumedMs, 50))} ms, p99 ${f(percentile(r.resumedMs, 99))} ms)`
    );
  } finally {
    await exit();
  }
}

/** WebSocket payload bytes of one batch as the designs send it (`full`: as tutorial-full does). */
function frameBytes(full = false): number {
  return Buffer.byteLength(JSON.stringify(benchMessages(benchBatch(symbols, 1, Date.now()), 0, full)));
}

async function main(): Promise<void> {
  try {
    ensureFileLimit();
  } catch (err) {
    if (err instanceof ReRun) return;
    throw err;
  }
  process.stdout.write(
    `fan-out: ${symbols.length} symbols per batch (a tick and a candle each: ${frameBytes()} bytes per frame; tutorial-full's ${frameBytes(true)}), ${rounds} rounds x ${batches} measured batches every ${intervalMs} ms per design, designs ${designs.join(', ')}\n`,
  );
  const runs: RunResult[] = [];
  for (const clients of args['churn-only'] ? [] : clientCounts) {
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < designs.length; i++) {
        const design = designs[(i + round) % designs.length] as string;
        runs.push(await run(design, clients));
        // No run may pay for the one before it: the generator's garbage from 10k closed clients is
        // collected now (else a GC pause lands in the next run's measured batches, and designs that
        // happen to follow the slow tutorial run look worse), and closed connections get time to
        // leave the kernel's tables.
        collectGarbage();
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }
  const summaries = runs.length ? summarize(runs) : [];
  const churnLine = churnSeconds > 0 ? `\n${await churnRun()}\n` : '';
  process.stdout.write(summaries.length ? `\n${table(summaries)}\n\n${ratios(summaries)}\n${churnLine}` : churnLine);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:fanout failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
