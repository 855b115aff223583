// The three stores a repository suite runs on: embedded PGlite, the PostgreSQL server and TimescaleDB
// (a fresh database each; `open` is null when the server's URL is not set outside CI).
import type { Store } from '../../src/store/types.ts';
import { openPostgresStore } from '../../src/store/index.ts';
import { openMemoryStore } from './memory-store.ts';
import { TEST_DATABASE_URL, TEST_TIMESCALE_URL, createTestDatabase } from './services.ts';

export type OpenedStore = { store: Store; drop: () => Promise<void> };

export const STORE_DRIVERS: Array<{ name: string; open: (() => Promise<OpenedStore>) | null }> = [
  { name: 'PGlite', open: async () => ({ store: await openMemoryStore(), drop: async () => {} }) },
  ...[
    { name: 'PostgreSQL server', url: TEST_DATABASE_URL },
    { name: 'TimescaleDB server', url: TEST_TIMESCALE_URL },
  ].map(({ name, url }) => ({
    name,
    open: url
      ? async () => {
          const db = await createTestDatabase(url);
          return { store: await openPostgresStore(db.url), drop: () => db.drop() };
        }
      : null,
  })),
];
