// npm run bench:startup [-- --runs 3 --backfill-days 5 --server postgres://...]
//
// How the app answers while it does its start-up work. Each run starts the real app on the
// simulated source (8 symbols, 1 s polls) with a new embedded database, or against --server, and
// from its first answer asks /api/health every 50 ms until the start-up work is done (a poll stored,
// the `--backfill-days` 1m backfill and the daily history, decades per symbol, synced). Prints, from
// the launch, when it first answered and when that work was done; /api/health's round trips
// meanwhile (p50, p99, max, how many over 100 ms: each is a request that waited behind work holding
// the app's one thread); and RSS 15 s after.
import { parseArgs } from 'node:util';
import { rssMb, settled, startApp } from './support/app.ts';
import { runtimeFlags } from './support/runtime.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'backfill-days': { type: 'string', default: '5' },
    server: { type: 'string' },
  },
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

console.log(`${args.server ? 'PostgreSQL server' : 'embedded PGlite, first start'}, BACKFILL_DAYS=${args['backfill-days']}`);
for (let run = 1; run <= Number(args.runs); run++) {
  const launched = performance.now();
  const app = await startApp({ BACKFILL_DAYS: args['backfill-days'], ...(args.server ? { DATABASE_URL: args.server } : {}) }, runtimeFlags());
  try {
    const answers: number[] = [];
    const answering = (performance.now() - launched) / 1000;
    await settled(app, { gapMs: 50, onAnswer: (ms) => answers.push(ms) });
    const done = (performance.now() - launched) / 1000;
    await new Promise((r) => setTimeout(r, 15_000));
    const rss = await rssMb(app.child.pid as number);
    const sorted = answers.sort((a, b) => a - b);
    const f = (ms: number) => ms.toFixed(0);
    console.log(
      `  run ${run}: answering after ${answering.toFixed(1)} s, start-up work done after ${done.toFixed(1)} s; /api/health meanwhile ` +
        `p50 ${f(pct(sorted, 50))} ms, p99 ${f(pct(sorted, 99))} ms, max ${f(sorted.at(-1) ?? Number.NaN)} ms, ` +
        `${sorted.filter((ms) => ms > 100).length} of ${sorted.length} over 100 ms; RSS 15 s later ${rss.toFixed(0)} MB`,
    );
  } finally {
    await app.stop();
  }
}
