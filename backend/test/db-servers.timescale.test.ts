// The app on each kind of server users point DATABASE_URL at, as a superuser: plain PostgreSQL,
// TimescaleDB preloaded, and TimescaleDB installed but not preloaded (issue 18). Each starts the
// real app on the real store and checks /api/health and a history read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideExtension } from '../src/store/extensions.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_NOT_PRELOADED_URL, TEST_TIMESCALE_URL, createTestDatabase } from './support/services.ts';
import { adminQuery, expectHistory, factsOn, minuteBars, startOnServer, type OnServer } from './support/db-servers.ts';

const servers = TEST_DATABASE_URL && TEST_TIMESCALE_URL && TEST_TIMESCALE_NOT_PRELOADED_URL ? describe : describe.skip;

async function recorded(url: string): Promise<string[]> {
  return (await adminQuery<{ name: string }>(url, 'SELECT name FROM schema_migrations ORDER BY name')).map((r) => r.name);
}

async function hypertables(url: string): Promise<string[]> {
  const rows = await adminQuery<{ name: string }>(url, "SELECT hypertable_name AS name FROM timescaledb_information.hypertables ORDER BY 1");
  return rows.map((r) => r.name);
}

servers('database servers as users run them (superuser)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  async function start(server: string): Promise<{ app: OnServer; url: string }> {
    const db = await createTestDatabase(server);
    cleanup.push(db.drop);
    const app = await startOnServer(db.url);
    cleanup.push(() => app.close());
    await app.store.candles.upsertMany(minuteBars(30));
    return { app, url: db.url };
  }

  describe('plain PostgreSQL (no TimescaleDB package)', () => {
    let s: { app: OnServer; url: string };
    beforeAll(async () => {
      s = await start(TEST_DATABASE_URL!);
    });

    it('starts on the plain path, says why in /api/health, and logs no warning: nothing is misconfigured', async () => {
      const { body } = await s.app.get('/api/health');
      expect(body.db).toEqual({ ok: true, kind: 'postgres', timescale: false, timescaleReason: expect.stringContaining('timescaledb is not installed on this server') });
      expect(s.app.warnings()).toEqual([]);
    });

    it('serves history from the stored 1m bars, aggregated on the fly', () => expectHistory(s.app));
  });

  describe('TimescaleDB preloaded', () => {
    let s: { app: OnServer; url: string };
    beforeAll(async () => {
      s = await start(TEST_TIMESCALE_URL!);
    });

    it('applies 0002: hypertables and continuous aggregates, timescale true in /api/health without a reason', async () => {
      const { body } = await s.app.get('/api/health');
      expect(body.db).toEqual({ ok: true, kind: 'postgres', timescale: true });
      expect(await recorded(s.url)).toEqual(['0001_base.sql', '0002_timescale.sql', '0003_timescale_refresh_all.sql', '0004_alerts.sql', '0005_watchlists.sql', '0006_daily_bars.sql', '0007_daily_bars_timescale.sql']);
      expect(await hypertables(s.url)).toEqual(['candles_1m', 'daily_bars', 'ticks']);
      expect(s.app.warnings()).toEqual([]);
    });

    it('serves history from the hypertable and the real-time aggregates', () => expectHistory(s.app));
  });

  describe('TimescaleDB installed but not preloaded (before timescaledb-tune)', () => {
    let s: { app: OnServer; url: string };
    beforeAll(async () => {
      s = await start(TEST_TIMESCALE_NOT_PRELOADED_URL!);
    });

    it('never tries CREATE EXTENSION: it starts on the plain path with 0002 left for a later start', async () => {
      expect(await recorded(s.url)).toEqual(['0001_base.sql', '0004_alerts.sql', '0005_watchlists.sql', '0006_daily_bars.sql']);
      expect(await adminQuery(s.url, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")).toEqual([]);
    });

    it('logs exactly one warning, with the setting to add and the restart', () => {
      const warnings = s.app.warnings();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.msg).toContain('running without timescaledb (0002_timescale.sql, 0003_timescale_refresh_all.sql, 0007_daily_bars_timescale.sql skipped)');
      expect(warnings[0]!.msg).toContain("set shared_preload_libraries = 'timescaledb' in postgresql.conf");
      expect(warnings[0]!.msg).toContain('restart PostgreSQL');
    });

    it('shows timescale false and the reason with its fix in /api/health', async () => {
      const { status, body } = await s.app.get('/api/health');
      expect(status).toBe(200);
      expect(body.db).toEqual({
        ok: true,
        kind: 'postgres',
        timescale: false,
        timescaleReason: expect.stringMatching(/installed but not preloaded .*shared_preload_libraries.*Fix: set shared_preload_libraries = 'timescaledb'/),
      });
    });

    it('serves history on the plain path', () => expectHistory(s.app));
  });

  it("decides from each real server's answers: use where preloaded, skip where not preloaded or absent", async () => {
    const decide = async (server: string) => decideExtension(await factsOn(server, 'timescaledb'));
    expect(await decide(TEST_TIMESCALE_URL!)).toEqual({ action: 'use' });
    expect(await decide(TEST_TIMESCALE_NOT_PRELOADED_URL!)).toMatchObject({ action: 'skip', warn: true, reason: expect.stringContaining('not preloaded') });
    expect(await decide(TEST_DATABASE_URL!)).toMatchObject({ action: 'skip', warn: false, reason: expect.stringContaining('not installed') });
  });
});
