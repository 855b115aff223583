// A PostgreSQL server of our own, started for this suite (support/pg-cluster.ts): TLS with a
// self-signed CA, password authentication, TCP only over TLS; and, later in the suite, TimescaleDB
// added to shared_preload_libraries and the server restarted, as a user does after timescaledb-tune.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from './support/services.ts';
import { clusterBinaries, startCluster, type Cluster } from './support/pg-cluster.ts';
import { expectHistory, minuteBars, runMain, startOnServer, startupError, type OnServer } from './support/db-servers.ts';

const binaries = clusterBinaries();
const runnable = binaries !== null && process.getuid?.() === 0 && TEST_DATABASE_URL !== undefined;
if (!runnable && process.env.CI === 'true') throw new Error('CI needs PostgreSQL 15 binaries and root for the TLS server suite');
const suite = runnable ? describe : describe.skip;

const PASSWORD = `pw-${randomBytes(6).toString('hex')}`;
const USER = 'tickstream_pw';

suite('a server of our own', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({
      // TCP only over TLS: trust for postgres, a password for USER.
      hba: ['127.0.0.1/32', '::1/128'].flatMap((net) => [`hostssl all ${USER} ${net} scram-sha-256`, `hostssl all postgres ${net} trust`]),
    });
    await cluster.admin([
      `CREATE ROLE ${USER} LOGIN PASSWORD '${PASSWORD}'`,
      `CREATE DATABASE tls_require OWNER ${USER}`,
      `CREATE DATABASE tls_full OWNER ${USER}`,
      'CREATE DATABASE preload_later',
    ]);
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  // The server's side of a failure (a crashed backend, a job's error) is only in its log.
  afterEach(({ task }) => {
    if (task.result?.state === 'fail' && cluster) process.stderr.write(`server log of the failed test's cluster:\n${cluster.logTail(80)}\n`);
  });

  const url = (database: string, params: Record<string, string>, over: { host?: string; password?: string } = {}) =>
    cluster.url({ user: USER, password: over.password ?? PASSWORD, database, params, ...(over.host ? { host: over.host } : {}) });

  describe('TLS', () => {
    const apps: OnServer[] = [];
    afterAll(async () => {
      await Promise.all(apps.map((a) => a.close()));
    });

    it('sslmode=require encrypts without verifying (libpq meaning): starts, is healthy, serves history', async () => {
      const app = await startOnServer(url('tls_require', { sslmode: 'require' }));
      apps.push(app);
      await app.store.candles.upsertMany(minuteBars(30));
      expect((await app.get('/api/health')).body.db).toMatchObject({ ok: true, kind: 'postgres', timescale: false });
      await expectHistory(app);
      const sessions = await cluster.admin<{ ssl: boolean }>([
        "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = 'tls_require' AND a.application_name LIKE 'tickstream%'",
      ]);
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((s) => s.ssl)).toBe(true);
    });

    it('sslmode=verify-full with sslrootcert verifies the chain and the host name: starts, is healthy, serves history', async () => {
      const app = await startOnServer(url('tls_full', { sslmode: 'verify-full', sslrootcert: cluster.caFile }));
      apps.push(app);
      await app.store.candles.upsertMany(minuteBars(30));
      expect((await app.get('/api/health')).body.db).toMatchObject({ ok: true, kind: 'postgres' });
      await expectHistory(app);
    });

    it('sslmode=verify-ca checks the chain but not the host name', async () => {
      const err = await startupError(url('tls_full', { sslmode: 'verify-ca', sslrootcert: cluster.caFile }, { host: '127.0.0.1' }));
      expect(err.message).toBe('the store opened');
    });

    it('stops with one line when the certificate does not verify, password never printed (real process)', async () => {
      const exit = await runMain({ DATABASE_URL: url('tls_full', { sslmode: 'verify-full', sslrootcert: cluster.otherCaFile }) });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(
        /^Tickstream failed to start: the TLS certificate of PostgreSQL at localhost:\d+ did not verify \(unable to verify the first certificate\): name the CA that signed it with sslrootcert=\/path\/to\/ca\.crt in DATABASE_URL, or use sslmode=require to encrypt without verifying \(DB_TLS\)\n$/,
      );
      expect(exit.stderr + exit.stdout).not.toContain(PASSWORD);
    });

    it('says so when the certificate does not name the host connected to', async () => {
      const err = await startupError(url('tls_full', { sslmode: 'verify-full', sslrootcert: cluster.caFile }, { host: '127.0.0.1' }));
      expect(err).toMatchObject({ code: 'DB_TLS', message: expect.stringMatching(/^the server's TLS certificate is not valid for host "127\.0\.0\.1" .*use sslmode=verify-ca/) });
    });

    it('sslmode=require with sslrootcert verifies the chain, as libpq does', async () => {
      const err = await startupError(url('tls_full', { sslmode: 'require', sslrootcert: cluster.otherCaFile }));
      expect(err).toMatchObject({ code: 'DB_TLS', message: expect.stringContaining('did not verify') });
    });

    it('tells a user without sslmode that this server wants TLS', async () => {
      const err = await startupError(url('tls_full', {}));
      expect(err).toMatchObject({ code: 'DB_TLS', message: expect.stringContaining(`accepts role "${USER}" only over TLS`) });
      expect(err.message).toContain('add sslmode=require (or verify-full with sslrootcert) to DATABASE_URL');
    });

    it('tells a user with sslmode=require that a server has TLS off', async () => {
      const plain = new URL(TEST_DATABASE_URL!);
      plain.searchParams.set('sslmode', 'require');
      const err = await startupError(plain.toString());
      expect(err).toMatchObject({ code: 'DB_TLS', message: expect.stringContaining('does not accept TLS but DATABASE_URL asks for it (sslmode=require)') });
    });

    it('names a CA file it cannot read', async () => {
      const err = await startupError(url('tls_full', { sslmode: 'verify-full', sslrootcert: '/nonexistent/ca.crt' }));
      expect(err).toMatchObject({ code: 'DB_TLS', message: 'cannot read /nonexistent/ca.crt named in DATABASE_URL (ENOENT): correct sslrootcert, sslcert or sslkey' });
    });
  });

  describe('start-up failures in words', () => {
    it('a wrong password: one line naming the role and the fix, the password never printed (real process)', async () => {
      const wrong = `wrong-${randomBytes(6).toString('hex')}`;
      const exit = await runMain({ DATABASE_URL: url('tls_require', { sslmode: 'require' }, { password: wrong }) });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(
        `Tickstream failed to start: password authentication failed for role "${USER}" at localhost:${cluster.port}: ` +
          'correct the user name or password in DATABASE_URL (percent-encode special characters in the password) (DB_AUTH_FAILED)\n',
      );
      expect(exit.stderr + exit.stdout).not.toContain(wrong);
    });

    it('no password where one is asked for', async () => {
      const err = await startupError(cluster.url({ user: USER, database: 'tls_require', params: { sslmode: 'require' } }));
      expect(err).toMatchObject({ code: 'DB_AUTH_FAILED', message: expect.stringContaining(`asks role "${USER}" for a password and DATABASE_URL has none`) });
    });

    it('a database that does not exist (real process)', async () => {
      const exit = await runMain({ DATABASE_URL: url('no_such_db', { sslmode: 'require' }) });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(
        `Tickstream failed to start: database "no_such_db" does not exist on localhost:${cluster.port}: ` +
          `create it (CREATE DATABASE no_such_db OWNER ${USER}) or correct the database name in DATABASE_URL (DB_NOT_FOUND)\n`,
      );
    });

    it('a role that does not exist', async () => {
      const err = await startupError(cluster.url({ user: 'nobody_here', database: 'postgres', params: { sslmode: 'require' } }));
      expect(err.message).toMatch(/^(role "nobody_here" does not exist|PostgreSQL at .* refuses role "nobody_here")/);
    });

    it('nothing listening: connection refused, after the start-up wait', async () => {
      const err = await startupError(`postgres://${USER}:${PASSWORD}@127.0.0.1:1/app`);
      expect(err).toMatchObject({
        code: 'DB_UNREACHABLE',
        message: 'cannot connect to PostgreSQL at 127.0.0.1:1: connection refused. Start the server, or correct the host and port in DATABASE_URL',
      });
    });
  });

  const preload = binaries?.timescale ? describe : describe.skip;
  preload('TimescaleDB installed, preloaded only after the first start', () => {
    const admin = (database = 'preload_later') => cluster.url({ database, params: { sslmode: 'require' } });

    it('first start: plain path, history stored in plain tables', async () => {
      const app = await startOnServer(admin());
      try {
        expect((await app.get('/api/health')).body.db).toMatchObject({ timescale: false, timescaleReason: expect.stringContaining('not preloaded') });
        await app.store.candles.upsertMany(minuteBars(30));
        await expectHistory(app);
      } finally {
        await app.close();
      }
    });

    it('after shared_preload_libraries and a restart: 0002 applies and the stored history becomes hypertables', async () => {
      await cluster.restart(["shared_preload_libraries = 'timescaledb'", 'timescaledb.telemetry_level = off']);
      const app = await startOnServer(admin());
      try {
        expect((await app.get('/api/health')).body.db).toEqual({ ok: true, kind: 'postgres', timescale: true });
        expect(app.warnings()).toEqual([]);
        const tables = await cluster.admin<{ name: string }>(['SELECT hypertable_name AS name FROM timescaledb_information.hypertables ORDER BY 1'], 'preload_later');
        expect(tables.map((t) => t.name)).toEqual(['candles_1m', 'daily_bars', 'ticks']);
        const migrated = await cluster.admin<{ n: number }>(["SELECT count(*)::int AS n FROM ONLY candles_1m"], 'preload_later');
        expect(migrated).toEqual([{ n: 0 }]); // every row moved into chunks
        await expectHistory(app); // the bars written before the restart, now via hypertable and aggregates
      } finally {
        await app.close();
      }
    });

    it('refuses to start, in one line, once the hypertables exist and the library is no longer preloaded', async () => {
      await cluster.restart(["shared_preload_libraries = ''"]);
      const err = await startupError(admin());
      expect(err).toMatchObject({
        code: 'DB_EXTENSION',
        message:
          'extension timescaledb is created in database "preload_later" but not preloaded (it is missing from shared_preload_libraries): ' +
          "set shared_preload_libraries = 'timescaledb' in postgresql.conf (timescaledb-tune does this) and restart PostgreSQL",
      });
    });
  });
});
