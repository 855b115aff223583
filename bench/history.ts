// npm run bench:history [-- --symbols 50 --days 252 --requests 2000 --warmup 200
//                            --only postgres,timescale,pglite --pglite-budget 900]
//
// Loads a year of trading-hours 1-minute bars (50 symbols x 252 days x 390 bars ~ 4.9M rows) into
// (a) a fresh database on the PostgreSQL server, (b) one on the TimescaleDB server when its URL is
// set and (c) PGlite in a temp dir, then measures /api/history over HTTP through the real app. The
// app's clock is pinned 30 s after the newest bar, so the default window is "the last hour" with data.
// Then five years of daily bars per symbol are stored and the 5y/max ranges are read (daily bars plus
// the newest day built from 1m candles, as live): first each symbol's first read after the sync (the
// server then reads the whole stored series), then the warm reads the rest of the day gets.
// PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
// TimescaleDB: BENCH_TIMESCALE_URL, else TEST_TIMESCALE_URL (skipped when neither is set).
// Both are only used to create and finally drop tickstream_bench_<random>.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig, type Config } from '../backend/src/config.ts';
import { createApp } from '../backend/src/app.ts';
import { createBus } from '../backend/src/bus/index.ts';
import type { QuoteSource } from '../backend/src/sources/types.ts';
import type { Store } from '../backend/src/store/types.ts';
import { openPgliteStore, openPostgresStore } from '../backend/src/store/index.ts';
import { dataset, load, BARS_PER_DAY, type Dataset, type LoadResult } from './history/load.ts';
import { formatStats, measure } from './history/measure.ts';
import { settleTimescale } from './history/timescale.ts';
import { DAILY_YEARS, loadDaily } from './history/daily.ts';
import { FRESH_MS } from '../backend/src/history/sync-cache.ts';

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
const TIMESCALE_URL = process.env.BENCH_TIMESCALE_URL || process.env.TEST_TIMESCALE_URL || undefined;
const TARGETS = new Set((args.only ?? 'postgres,timescale,pglite').split(',').map((t) => t.trim()));
for (const t of TARGETS) if (!['postgres', 'timescale', 'pglite'].includes(t)) throw new Error(`--only: unknown target ${t}`);

const quietSource: QuoteSource = {
  name: 'simulated',
  search: async () => [],
  lookup: async (symbols) => ({ known: [...symbols], unknown: [] }),
  fetchQuotes: async () => ({ ticks: [], problems: [] }),
  fetchBars: async () => [],
};

/** A second instance on the same database: the first holds the poller's lock, so this one stands by. */
async function standbyOf(config: Config, store: Store, now: () => number): Promise<{ url: string; close(): Promise<void> }> {
  const logger = pino({ level: 'silent' });
  const bus = await createBus(config.redis, logger);
  const app = createApp({ config, store, source: quietSource, bus, logger, now });
  const { port } = await app.listen(0);
  await new Promise((r) => setTimeout(r, 1000)); // its first try for the lock, refused
  if (app.poller.isLeader()) throw new Error('the standby leads: the measured instance lost the poller lock');
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await bus.close();
    },
  };
}

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
    // The floor under every figure below: the same client, server and connection, one trivial query.
    const floor = await measure(base, () => '/api/health', loaded, opts);
    process.stdout.write(`${formatStats('floor: /api/health (HTTP + SELECT 1)', floor).replace(/\(\d+ req, 0 bars each\)/, `(${floor.requests} req)`)}\n`);
    const lastHour = await measure(base, (s) => `/api/history?symbol=${s}&interval=1m`, loaded, opts);
    process.stdout.write(`${formatStats('1m, last hour (default window, no daily sync yet)', lastHour)}\n`);
    const explicit = await measure(base, (s) => `/api/history?symbol=${s}&from=${ds.lastBar - 3540}&to=${ds.lastBar}`, loaded, opts);
    process.stdout.write(`${formatStats('1m, last hour (explicit from/to)', explicit)}\n`);
    for (const [interval, span] of [['5m', 'last day'], ['1h', 'last 2 weeks'], ['1d', 'last year']] as const) {
      const stats = await measure(base, (s) => `/api/history?symbol=${s}&interval=${interval}`, loaded, opts);
      process.stdout.write(`${formatStats(`${interval}, ${span} (${store.timescale ? 'aggregate' : 'date_bin'})`, stats)}\n`);
    }
    const daily = await loadDaily(store, ds, loaded);
    process.stdout.write(`  loaded ${daily.rows.toLocaleString('en-US')} daily bars (${DAILY_YEARS} years x ${loaded.length} symbols) in ${daily.seconds.toFixed(1)} s\n`);
    // The app remembers each symbol's sync record, or its absence, for FRESH_MS of its clock: a clock
    // that stood still would serve "not synced yet" (the reads above) for ever. A running app sees
    // the sync within FRESH_MS; so does this one, its clock moved on by that much.
    clock += FRESH_MS;
    // The last hour again, now that each symbol has a daily sync record, as every followed symbol
    // has once its daily history is fetched: the record is then cached (history/sync-cache.ts) and
    // a read is one query. The figure above is a symbol whose daily history has not come yet (two).
    const synced = await measure(base, (s) => `/api/history?symbol=${s}&interval=1m`, loaded, opts);
    process.stdout.write(`${formatStats('1m, last hour (daily history synced)', synced)}\n`);
    // The figures above come from the polling instance, which answers recent 1m bars from memory
    // (store/recent-candles.ts). A standby (scale-out: another instance on the database) reads them
    // from the database: the same read there.
    const standby = await standbyOf(config, store, () => clock);
    try {
      const fromDb = await measure(standby.url, (s) => `/api/history?symbol=${s}&interval=1m`, loaded, opts);
      process.stdout.write(`${formatStats('1m, last hour (synced), on a standby: database', fromDb)}\n`);
    } finally {
      await standby.close();
    }
    for (const [query, label, firstOfSeries] of [
      ['range=5y&interval=1d', '1d, 5 years (range=5y&interval=1d)', true],
      ['range=1y&interval=1d', '1d, 1 year (range=1y&interval=1d)', false],
      ['range=5y', '1wk, 5 years (range=5y)', true],
      ['range=max', '1mo, max (range=max)', true],
    ] as const) {
      // Each stored series (per symbol and interval) is read once per sync and then served from
      // memory (daily-cache.ts): the first read of each symbol is timed on its own, then the warm
      // reads. (1y slices the series 5y read.)
      const path = (s: string) => `/api/history?symbol=${s}&${query}`;
      if (firstOfSeries) process.stdout.write(`${formatStats(`${label.split(' (')[0]}, first read after a sync`, await measure(base, path, loaded, { each: true }))}\n`);
      const stats = await measure(base, path, loaded, opts);
      process.stdout.write(`${formatStats(label, stats)}\n`);
    }
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

async function benchServer(label: 'postgres' | 'timescale', adminUrl: string, ds: Dataset, expected: number): Promise<void> {
  const name = `tickstream_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.stdout.write(`\n${label === 'timescale' ? 'TimescaleDB' : 'PostgreSQL'} server (${url.host}, database ${name})\n`);
  try {
    const store = await openPostgresStore(url.toString());
    if (store.timescale !== (label === 'timescale')) throw new Error(`${url.host}: store.timescale is ${store.timescale}`);
    const loader = new pg.Client({ connectionString: url.toString() });
    await loader.connect();
    try {
      await loader.query('SET synchronous_commit = off');
      const result = await load(
        async (sql) => void (await loader.query(sql)),
        async () => Number((await loader.query('SELECT count(*) AS n FROM candles_1m')).rows[0].n),
        ds,
        { budgetSeconds: Number.POSITIVE_INFINITY, label },
      );
      report(label, result, expected);
      if (store.timescale) await settleTimescale(loader, label);
      const size = (await loader.query(`SELECT pg_size_pretty(${store.timescale ? 'hypertable_size' : 'pg_total_relation_size'}('candles_1m')) AS s`)).rows[0].s as string;
      process.stdout.write(`  [${label}] candles_1m with its index: ${size}\n`);
      await measureApp(store, ds, result.symbolsLoaded);
    } finally {
      await loader.end();
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    process.stdout.write(`  [${label}] dropped ${name}\n`);
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
  if (TARGETS.has('postgres')) await benchServer('postgres', ADMIN_URL, ds, expected);
  if (TARGETS.has('timescale')) {
    if (TIMESCALE_URL) await benchServer('timescale', TIMESCALE_URL, ds, expected);
    else process.stdout.write('\nTimescaleDB: skipped (set BENCH_TIMESCALE_URL or TEST_TIMESCALE_URL)\n');
  }
  if (TARGETS.has('pglite')) await benchPglite(ds, expected);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:history failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
