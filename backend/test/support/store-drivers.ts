// The three stores a repository suite runs on: embedded PGlite, the PostgreSQL server and TimescaleDB
// (a fresh database each; `open` is null when the server's URL is not set outside CI). On TimescaleDB
// the database's job scheduler is stopped once the migrations have created the policies: the suites
// write bars and ticks from 2024, which the retention, compression and refresh policies would act on
// while a test reads or writes them (seen in CI: an insert into a chunk the 90-day retention had just
// dropped, "could not open relation with OID"; a 15-minute view read before a policy's refresh of
// the same span had committed). The policies themselves are tested in timescale.policies.test.ts.
import type { Store } from '../../src/store/types.ts';
import { openPostgresStore } from '../../src/store/index.ts';
import { openMemoryStore } from './memory-store.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './services.ts';
import { stopBackgroundJobs } from './timescale.ts';

export type OpenedStore = { store: Store; drop: () => Promise<void> };

export const STORE_DRIVERS: Array<{ name: string; open: (() => Promise<OpenedStore>) | null }> = [
  { name: 'PGlite', open: async () => ({ store: await openMemoryStore(), drop: async () => {} }) },
  ...[
    { name: 'PostgreSQL server', url: TEST_DATABASE_URL, timescale: false },
    { name: 'TimescaleDB server', url: TEST_TIMESCALE_URL, timescale: true },
  ].map(({ name, url, timescale }) => ({
    name,
    open: url
      ? async () => {
          const db = await createTestDatabase(url);
          const store = await openPostgresStore(db.url);
          if (timescale) await stopBackgroundJobs(db.url);
          return { store, drop: () => db.drop() };
        }
      : null,
  })),
];
