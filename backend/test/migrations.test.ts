import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgresStore } from '../src/store/index.ts';
import { checksum, loadMigrations, parseConditions, parseRequires, type MigrationFile } from '../src/store/migrate.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './support/services.ts';

function file(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: checksum(sql), requires: parseRequires(sql), conditions: parseConditions(sql) };
}

const TIMESCALE_FILES = ['0002_timescale.sql', '0003_timescale_refresh_all.sql', '0007_daily_bars_timescale.sql'];
/** Files every database gets, besides 0001_base.sql. */
const PLAIN_FILES = ['0004_alerts.sql', '0005_watchlists.sql', '0006_daily_bars.sql'];
const sorted = (names: string[]) => [...names].sort();
/** The same runner suite on each server; only which /migrations files apply differs. */
const SERVERS = [
  // Without the extension the TimescaleDB files are skipped and not recorded.
  { server: 'PostgreSQL server', url: TEST_DATABASE_URL, timescale: false, applied: ['0001_base.sql', ...PLAIN_FILES] },
  { server: 'TimescaleDB server', url: TEST_TIMESCALE_URL, timescale: true, applied: sorted(['0001_base.sql', ...TIMESCALE_FILES, ...PLAIN_FILES]) },
];

describe.each(SERVERS)('migration runner ($server)', ({ url: serverUrl, timescale, applied }) => {
  if (!serverUrl) {
    it.skip('needs its server URL');
    return;
  }
  const dropAfter: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(dropAfter.splice(0).map((drop) => drop()));
  });

  async function freshDatabase() {
    const db = await createTestDatabase(serverUrl);
    dropAfter.push(db.drop);
    return db.url;
  }

  async function query<T>(url: string, text: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  }

  const recorded = (url: string) =>
    query<{ name: string; applied_at: Date }>(url, 'SELECT name, applied_at FROM schema_migrations ORDER BY name');

  it('applies each file once and applies nothing on the next start', async () => {
    const url = await freshDatabase();
    const store = await openPostgresStore(url);
    expect(store.timescale).toBe(timescale);
    await store.close();
    const first = await recorded(url);
    expect(first.map((r) => r.name)).toEqual(applied);
    await (await openPostgresStore(url)).close();
    expect(await recorded(url)).toEqual(first);
  });

  it(`${timescale ? 'applies' : 'skips'} the TimescaleDB path: hypertables and continuous aggregates`, async () => {
    const url = await freshDatabase();
    await (await openPostgresStore(url)).close();
    const extension = await query<{ extname: string }>(url, "SELECT extname FROM pg_extension WHERE extname = 'timescaledb'");
    expect(extension).toHaveLength(timescale ? 1 : 0);
    if (!timescale) return;
    const hypertables = await query<{ name: string }>(url, 'SELECT hypertable_name AS name FROM timescaledb_information.hypertables ORDER BY 1');
    expect(hypertables.map((r) => r.name)).toEqual(['candles_1m', 'daily_bars', 'ticks']);
    const views = await query<{ name: string }>(url, 'SELECT view_name AS name FROM timescaledb_information.continuous_aggregates ORDER BY 1');
    expect(views.map((r) => r.name)).toEqual(['candles_15m', 'candles_1d', 'candles_1h', 'candles_5m']);
  });

  it('lets several instances migrate one fresh database at once, each file applied once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url, { maxConnections: 2 })));
    await Promise.all(stores.map((s) => s.close()));
    expect((await recorded(url)).map((r) => r.name)).toEqual(applied);
  });

  it('refuses to start when an applied file was edited', async () => {
    const url = await freshDatabase();
    await (await openPostgresStore(url, { migrations: [file('0001_a.sql', 'CREATE TABLE a (x int);')] })).close();
    const err = await openPostgresStore(url, { migrations: [file('0001_a.sql', 'CREATE TABLE a (x bigint);')] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_MIGRATION', message: expect.stringContaining('0001_a.sql was changed') });
  });

  it('rolls a failing file back entirely and records nothing', async () => {
    const url = await freshDatabase();
    const bad = file('0001_bad.sql', 'CREATE TABLE half_done (x int);\nSELECT 1 / 0;');
    const err = await openPostgresStore(url, { migrations: [bad] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_MIGRATION', message: expect.stringContaining('0001_bad.sql failed') });
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'half_done'")).toEqual([]);
    expect(await recorded(url)).toEqual([]);
  });

  it('commits the files of one start-up together: a later file failing rolls back the earlier ones too', async () => {
    const url = await freshDatabase();
    const first = file('0001_first.sql', 'CREATE TABLE first_done (x int);');
    const bad = file('0002_bad.sql', 'SELECT 1 / 0;');
    const err = await openPostgresStore(url, { migrations: [first, bad] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_MIGRATION', message: expect.stringContaining('0002_bad.sql failed') });
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'first_done'")).toEqual([]);
    expect(await recorded(url)).toEqual([]);
    // the next start-up with the file fixed applies both
    await (await openPostgresStore(url, { migrations: [first, file('0002_bad.sql', 'SELECT 1;')] })).close();
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_first.sql', '0002_bad.sql']);
  });

  it('leaves nothing half-applied when the connection drops mid-run, and the next start applies every file', async () => {
    const url = await freshDatabase();
    const first = file('0001_first.sql', 'CREATE TABLE before_drop (x int);');
    const dropping = file('0002_drop.sql', 'SELECT pg_terminate_backend(pg_backend_pid());');
    const err = await openPostgresStore(url, { migrations: [first, dropping] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_MIGRATION', message: expect.stringMatching(/^migration 0002_drop\.sql failed: terminating connection/) });
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'before_drop'")).toEqual([]);
    expect(await query(url, "SELECT 1 FROM pg_class WHERE relname = 'schema_migrations'")).toHaveLength(1);
    expect(await recorded(url)).toEqual([]);
    await (await openPostgresStore(url, { migrations: [first, file('0002_drop.sql', 'SELECT 1;')] })).close();
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_first.sql', '0002_drop.sql']);
  });

  it('skips a file whose extension is missing without recording it, and applies it on a later start', async () => {
    const url = await freshDatabase();
    const base = file('0001_base.sql', 'CREATE TABLE base (x int);');
    const missing = file('0002_ext.sql', '-- requires: tickstream_no_such_extension\nCREATE TABLE needs_ext (x int);');
    await (await openPostgresStore(url, { migrations: [base, missing] })).close();
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_base.sql']);

    // Later the requirement can be met (plpgsql is always installed): the same file now applies.
    const available = file('0002_ext.sql', '-- requires: plpgsql\nCREATE TABLE needs_ext (x int);');
    await (await openPostgresStore(url, { migrations: [base, available] })).close();
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_base.sql', '0002_ext.sql']);
    expect(await query(url, "SELECT 1 AS ok FROM pg_class WHERE relname = 'needs_ext'")).toEqual([{ ok: 1 }]);
  });

  it('skips a file whose `requires-sql` condition is false, and applies it once the condition holds', async () => {
    const url = await freshDatabase();
    const sql = (flag: string) => `-- requires: plpgsql\n-- requires-sql: SELECT ${flag}\nCREATE TABLE conditional (x int);`;
    await (await openPostgresStore(url, { migrations: [file('0001_cond.sql', sql('NULL::boolean'))] })).close();
    expect(await recorded(url)).toEqual([]);
    await (await openPostgresStore(url, { migrations: [file('0001_cond.sql', sql("current_setting('server_version_num')::int > 0"))] })).close();
    expect((await recorded(url)).map((r) => r.name)).toEqual(['0001_cond.sql']);
  });
});

describe('migration files', () => {
  it('finds /migrations from the source location and reads the TimescaleDB requirement', async () => {
    const files = await loadMigrations();
    expect(files.map((f) => f.name)).toEqual(sorted(['0001_base.sql', ...TIMESCALE_FILES, ...PLAIN_FILES]));
    expect(files.map((f) => (TIMESCALE_FILES.includes(f.name) ? f.requires : []))).toEqual(files.map((f) => f.requires));
    for (const f of files.filter((x) => TIMESCALE_FILES.includes(x.name))) expect(f.conditions).toEqual([expect.stringContaining("'timescaledb.license'")]);
  });
});
