// npm run bench:history [-- --symbols 50 --days 252 --requests 2000 --warmup 200 --only postgres|pglite
//                            --pglite-budget 900]
//
// Loads a year of trading-hours 1-minute bars (50 symbols x 252 days x 390 bars ~ 4.9M rows) into
// (a) a fresh database on the PostgreSQL server and (b) PGlite in a temp dir, then measures
// /api/history over HTTP through the real app. The app's clock is pinned 30 s after the newest bar,
// so the default window is "the last hour" with data in it.
// Server: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
// (only used to create and finally drop tickstream_bench_<random>).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../backend/src/config.ts';
import { createApp } from '../backend/src/app.ts';
import { createBus } from '../backend/src/bus/index.ts';
import type { QuoteSource } from '../backend/src/sources/types.ts';
import type { Store } from '../backend/src/store/types.ts';
import { openPgliteStore, openPostgresStore } from '../backend/src/store/index.ts';
import { dataset, load, BARS_PER_DAY, type Dataset, type LoadResult } from './history/load.ts';
import { formatStats, measure } from './history/measure.ts';

const { values: args } = parseArgs({
  options: {
    symbols: { type: 'string', default: '50' },
    days: { type: 'string', default: '252' },
    requests: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    only: { type: 'string' },
    'pglite-budget': { type: 'string', default: '900' },
  },
});
const num = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
};
const SYMBOLS = num('symbols');
const DAYS = num('days');
const REQUESTS = num('requests');
const WARMUP = num('warmup');
const PGLITE_BUDGET = num('pglite-budget');
const ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const quietSource: QuoteSource = {
  name: 'simulated',
  fetchQuotes: async () => ({ ticks: [], problems: [] }),
  fetchBars: async () => [],
};

async function measureApp(store: Store, ds: Dataset, loaded: readonly string[]): Promise<void> {
  const config = loadConfig({ QUOTE_SOURCE: 'simulated', PORT: '0', LOG_LEVEL: 'silent', WATCHLIST: loaded.slice(0, 2).join(',') });
  const logger = pino({ level: 'silent' });
  const bus = await createBus(config.redis, logger);
  let clock = (ds.lastBar + 30) * 1000;
  const app = createApp({ config, store, source: quietSource, bus, logger, now: () => clock });
  const { port } = await app.listen(0);
  const base = `http://127.0.0.1:${port}`;
  const opts = { requests: REQUESTS, warmup: WARMUP, seed: 7 };
  try {
    const lastHour = await measure(base, (s) => `/api/history?symbol=${s}&interval=1m`, loaded, opts);
    process.stdout.write(`${formatStats('1m, last hour (default window)', lastHour)}\n`);
    const explicit = await measure(base, (s) => `/api/history?symbol=${s}&from=${ds.lastBar - 3540}&to=${ds.lastBar}`, loaded, opts);
    process.stdout.write(`${formatStats('1m, last hour (explicit from/to)', explicit)}\n`);
    const fiveMin = await measure(base, (s) => `/api/history?symbol=${s}&interval=5m`, loaded, opts);
    process.stdout.write(`${formatStats('5m, last day (date_bin)', fiveMin)}\n`);
    clock = (ds.lastBar + 2 * 86_400) * 1000; // two days later: the weekend widening path
    const weekend = await measure(base, (s) => `/api/history?symbol=${s}&interval=1m`, loaded, opts);
    process.stdout.write(`${formatStats('1m, market closed (widened to session)', weekend)}\n`);
  } finally {
    await app.close();
    await bus.close();
  }
}

function report(label: string, result: LoadResult, expected: number): void {
  const rate = result.rows / result.seconds;
  process.stdout.write(
    `  [${label}] loaded ${result.rows.toLocaleString('en-US')} rows` +
      `${result.complete ? '' : ` (of ${expected.toLocaleString('en-US')} planned: ${result.symbolsLoaded.length} symbols)`}` +
      ` in ${result.seconds.toFixed(1)} s (${Math.round(rate).toLocaleString('en-US')} rows/s)\n`,
  );
}

async function benchPostgres(ds: Dataset, expected: number): Promise<void> {
  const name = `tickstream_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  process.stdout.write(`\nPostgreSQL server (${url.host}, database ${name})\n`);
  try {
    const store = await openPostgresStore(url.toString());
    const loader = new pg.Client({ connectionString: url.toString() });
    await loader.connect();
    try {
      await loader.query('SET synchronous_commit = off');
      const result = await load(
        async (sql) => void (await loader.query(sql)),
        async () => Number((await loader.query('SELECT count(*) AS n FROM candles_1m')).rows[0].n),
        ds,
        { budgetSeconds: Number.POSITIVE_INFINITY, label: 'postgres' },
      );
      report('postgres', result, expected);
      const size = (await loader.query(`SELECT pg_size_pretty(pg_total_relation_size('candles_1m')) AS s`)).rows[0].s as string;
      process.stdout.write(`  [postgres] candles_1m with its index: ${size}\n`);
      await measureApp(store, ds, result.symbolsLoaded);
    } finally {
      await loader.end();
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    process.stdout.write(`  [postgres] dropped ${name}\n`);
  }
}

async function benchPglite(ds: Dataset, expected: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'tickstream-bench-'));
  process.stdout.write(`\nPGlite (${dir})\n`);
  try {
    const client = await PGlite.create({ dataDir: dir });
    const store = await openPgliteStore({ client });
    try {
      const result = await load(
        async (sql) => void (await client.exec(sql)),
        async () => Number((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM candles_1m')).rows[0]!.n),
        ds,
        { budgetSeconds: PGLITE_BUDGET, label: 'pglite' },
      );
      report('pglite', result, expected);
      await measureApp(store, ds, result.symbolsLoaded);
    } finally {
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    process.stdout.write('  [pglite] removed its data dir\n');
  }
}

async function main(): Promise<void> {
  const ds = dataset(SYMBOLS, DAYS);
  const expected = SYMBOLS * DAYS * BARS_PER_DAY;
  process.stdout.write(
    `bench:history  ${SYMBOLS} symbols x ${DAYS} trading days x ${BARS_PER_DAY} bars = ${expected.toLocaleString('en-US')} rows ` +
      `(${ds.days[0]} .. ${ds.days.at(-1)}); ${REQUESTS} requests after ${WARMUP} warm-up per scenario, one client, keep-alive\n`,
  );
  if (args.only !== 'pglite') await benchPostgres(ds, expected);
  if (args.only !== 'postgres') await benchPglite(ds, expected);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:history failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
