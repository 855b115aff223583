// The app run by a least-privilege role (LOGIN, not a superuser), as managed databases and careful
// admins set it up (issue 18): it uses what the role may use, falls back to plain PostgreSQL with a
// warning when it may not create TimescaleDB, and stops with one line naming a missing privilege.
// Roles and databases get unique names and are dropped afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, TEST_TIMESCALE_NOT_PRELOADED_URL, TEST_TIMESCALE_URL } from './support/services.ts';
import { adminQuery, createAppRole, expectHistory, minuteBars, runMain, startOnServer, startupError, type AppRole, type OnServer } from './support/db-servers.ts';

const servers = TEST_DATABASE_URL && TEST_TIMESCALE_URL && TEST_TIMESCALE_NOT_PRELOADED_URL ? describe : describe.skip;

servers('a least-privilege app role', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  });

  async function role(server: string, opts: Parameters<typeof createAppRole>[1]): Promise<AppRole> {
    const r = await createAppRole(server, opts);
    cleanup.push(r.drop);
    return r;
  }

  async function start(r: AppRole): Promise<OnServer> {
    const app = await startOnServer(r.url);
    cleanup.push(() => app.close());
    await app.store.candles.upsertMany(minuteBars(30));
    return app;
  }

  describe('owning its database on plain PostgreSQL', () => {
    let app: OnServer;
    beforeAll(async () => {
      app = await start(await role(TEST_DATABASE_URL!, { owner: true }));
    });

    it('starts, reports a healthy plain store and serves history', async () => {
      const { body } = await app.get('/api/health');
      expect(body.db).toMatchObject({ ok: true, kind: 'postgres', timescale: false });
      await expectHistory(app);
    });
  });

  describe('owning its database on TimescaleDB, the extension created by an admin', () => {
    let r: AppRole;
    let app: OnServer;
    beforeAll(async () => {
      r = await role(TEST_TIMESCALE_URL!, { owner: true, setup: ['CREATE EXTENSION timescaledb'] });
      app = await start(r);
    });

    it('uses TimescaleDB: hypertables owned by the role, timescale true in /api/health, history served', async () => {
      const { body } = await app.get('/api/health');
      expect(body.db).toEqual({ ok: true, kind: 'postgres', timescale: true });
      const owners = await adminQuery<{ name: string; owner: string }>(
        TEST_TIMESCALE_URL!,
        'SELECT hypertable_name AS name, owner FROM timescaledb_information.hypertables ORDER BY 1',
        [],
        r.database,
      );
      expect(owners).toEqual([
        { name: 'candles_1m', owner: r.role },
        { name: 'daily_bars', owner: r.role },
        { name: 'ticks', owner: r.role },
      ]);
      await expectHistory(app);
    });

    it('creates the compression, retention and aggregate policies as the role', async () => {
      const jobs = await adminQuery<{ proc: string; owner: string }>(
        TEST_TIMESCALE_URL!,
        "SELECT proc_name AS proc, owner FROM timescaledb_information.jobs WHERE proc_schema = '_timescaledb_functions' AND job_id >= 1000 ORDER BY 1",
        [],
        r.database,
      );
      expect(jobs.map((j) => j.proc)).toEqual([
        'policy_compression',
        'policy_compression',
        'policy_refresh_continuous_aggregate',
        'policy_refresh_continuous_aggregate',
        'policy_refresh_continuous_aggregate',
        'policy_refresh_continuous_aggregate',
        'policy_retention',
      ]);
      expect(new Set(jobs.map((j) => j.owner))).toEqual(new Set([r.role]));
      expect(app.warnings()).toEqual([]);
    });
  });

  describe('on TimescaleDB without the right to create extensions, the extension absent', () => {
    let r: AppRole;
    let app: OnServer;
    beforeAll(async () => {
      // Not the owner: CONNECT on the database and CREATE on schema public only.
      r = await role(TEST_TIMESCALE_URL!, { owner: false, setup: ['GRANT USAGE, CREATE ON SCHEMA public TO ROLE'] });
      app = await start(r);
    });

    it('starts on the plain path with one warning naming the CREATE EXTENSION an admin must run', async () => {
      const warnings = app.warnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toContain(`role "${r.role}" may not create extension timescaledb in database "${r.database}"`);
      expect(warnings[0]!.msg).toContain(`have an administrator run CREATE EXTENSION timescaledb; in database ${r.database}`);
    });

    it('reports the reason in /api/health and serves history', async () => {
      const { body } = await app.get('/api/health');
      expect(body.db).toEqual({ ok: true, kind: 'postgres', timescale: false, timescaleReason: expect.stringContaining('may not create extension timescaledb') });
      await expectHistory(app);
    });
  });

  describe('on TimescaleDB installed but not preloaded, where the role may not read shared_preload_libraries', () => {
    let app: OnServer;
    beforeAll(async () => {
      app = await start(await role(TEST_TIMESCALE_NOT_PRELOADED_URL!, { owner: true }));
    });

    it('still sees "not preloaded" (not "may not create") and starts on the plain path', async () => {
      const { body } = await app.get('/api/health');
      expect(body.db).toEqual({ ok: true, kind: 'postgres', timescale: false, timescaleReason: expect.stringContaining('installed but not preloaded') });
      expect(app.warnings()).toHaveLength(1);
      await expectHistory(app);
    });
  });

  describe('missing a privilege it needs: the real process stops with one line naming it', () => {
    it('no CREATE on schema public', async () => {
      const r = await role(TEST_DATABASE_URL!, { owner: false, setup: ['REVOKE CREATE ON SCHEMA public FROM PUBLIC'] });
      const exit = await runMain({ DATABASE_URL: r.url });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toBe(
        `Tickstream failed to start: role "${r.role}" may not create tables in schema public (permission denied for schema public): ` +
          `have an administrator run GRANT USAGE, CREATE ON SCHEMA public TO ${r.role}, or make ${r.role} the database owner (DB_PRIVILEGE)\n`,
      );
    });

    it('no EXECUTE on the advisory lock functions', async () => {
      const r = await role(TEST_DATABASE_URL!, {
        owner: true,
        setup: ['REVOKE EXECUTE ON FUNCTION pg_try_advisory_lock(bigint), pg_advisory_lock(bigint) FROM PUBLIC'],
      });
      const exit = await runMain({ DATABASE_URL: r.url });
      expect(exit.code).toBe(1);
      expect(exit.stderr).toMatch(
        new RegExp(`^Tickstream failed to start: role "${r.role}" may not take advisory locks \\(permission denied for function pg_try_advisory_lock\\): have an administrator run GRANT EXECUTE ON FUNCTION pg_advisory_lock\\(bigint\\), pg_try_advisory_lock\\(bigint\\), pg_advisory_unlock\\(bigint\\) TO ${r.role} \\(DB_PRIVILEGE\\)\n$`),
      );
    });

    it('no CONNECT on the database (the same line, from openStore as main.ts calls it)', async () => {
      const r = await role(TEST_DATABASE_URL!, { owner: false, setup: [] });
      await adminQuery(TEST_DATABASE_URL!, `REVOKE CONNECT ON DATABASE ${r.database} FROM PUBLIC, ${r.role}`);
      const err = await startupError(r.url);
      expect(err).toMatchObject({
        code: 'DB_PRIVILEGE',
        message: expect.stringMatching(new RegExp(`^role "${r.role}" lacks CONNECT on database "${r.database}" \\(.*\\): have an administrator run GRANT CONNECT ON DATABASE ${r.database} TO ${r.role}$`)),
      });
    });
  });
});
