import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Store } from '../src/store/types.ts';
import { openPostgresStore } from '../src/store/index.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './support/services.ts';
import { MONDAY_OPEN, bar, describeStoreConformance } from './store-conformance.ts';
import { stopBackgroundJobs } from './support/timescale.ts';

// The server driver on plain PostgreSQL (date_bin candles) and on TimescaleDB (hypertables and
// continuous aggregates): the same suite on both.
const SERVERS = [
  { server: 'PostgreSQL server', url: TEST_DATABASE_URL, timescale: false },
  { server: 'TimescaleDB server', url: TEST_TIMESCALE_URL, timescale: true },
];

describe.each(SERVERS)('$server store', ({ server, url, timescale }) => {
  if (!url) {
    it.skip('needs its server URL');
    return;
  }
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(url);
  });
  afterAll(async () => {
    await db?.drop();
  });

  // On TimescaleDB with its job scheduler stopped once the migrations made the policies: the suite
  // writes 2024 bars and ticks, which the retention and compression policies would act on mid-test
  // (seen in CI: "could not open relation with OID" inserting into a chunk the retention had dropped).
  describeStoreConformance(server, async () => {
    const store = await openPostgresStore(db.url);
    if (timescale) await stopBackgroundJobs(db.url);
    return store;
  });

  /** Kills server sessions of this test database by application_name, as an outage would. */
  async function terminate(applicationName: string): Promise<number> {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const res = await admin.query(
        'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2',
        [new URL(db.url).pathname.slice(1), applicationName],
      );
      return res.rows[0].n as number;
    } finally {
      await admin.end();
    }
  }

  describe('outages and leadership', () => {
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      [a, b] = [await openPostgresStore(db.url), await openPostgresStore(db.url)];
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it(`reports the server path ${timescale ? 'with' : 'without'} TimescaleDB`, () => {
      expect(a.kind).toBe('postgres');
      expect(a.timescale).toBe(timescale);
    });

    it('lets only one instance lead until it releases', async () => {
      const leader = await a.tryLead('poller');
      expect(leader).not.toBeNull();
      expect(await b.tryLead('poller')).toBeNull();
      await leader!.release();
      const next = await b.tryLead('poller');
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('resolves `lost` when the lock connection dies, and the lock becomes free', async () => {
      const leader = await a.tryLead('poller-lost');
      expect(leader).not.toBeNull();
      expect(await terminate('tickstream-leader')).toBeGreaterThan(0);
      await leader!.lost;
      const successor = await b.tryLead('poller-lost');
      expect(successor).not.toBeNull();
      await successor!.release();
      await leader!.release();
    });

    it('recovers by itself after the server drops every pool connection', async () => {
      await a.candles.upsertMany([bar('OUT', MONDAY_OPEN, 5)]);
      expect(await terminate('tickstream')).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 100));
      await expect(a.ping()).resolves.toBeUndefined();
      expect(await a.candles.lastBuckets(['OUT'])).toEqual(new Map([['OUT', MONDAY_OPEN]]));
    });

    it('fails with STORE_UNAVAILABLE when the server cannot be reached', async () => {
      const err = await openPostgresStore('postgres://postgres@127.0.0.1:1/nowhere').catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' });
    });
  });
});
