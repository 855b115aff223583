// What both the server's process and the data directory's preparing child (pglite-prepare.ts) need
// to talk to PGlite the same way: its start parameters and the session migrations run through.
import { PGlite } from '@electric-sql/pglite';
import type { MigrationSession } from './migrate.ts';

/** What the store needs from a PGlite instance; other builds (e.g. the TimescaleDB one) fit too. */
export interface PgliteLike {
  query<T>(text: string, params?: unknown[], options?: object): Promise<{ rows: T[] }>;
  exec(text: string, options?: object): Promise<unknown>;
  close(): Promise<void>;
}

interface Notice {
  severity?: string;
  message?: string;
}

export function sessionOf(client: PgliteLike): MigrationSession {
  const warnings: string[] = [];
  const onNotice = (n: Notice) => {
    if (n.severity === 'WARNING') warnings.push(n.message ?? '');
  };
  return {
    loadsExtensionsItself: true,
    takeWarnings: () => warnings.splice(0),
    async exec(text) {
      await client.exec(text, { onNotice });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params, { onNotice })).rows;
    },
  };
}

/**
 * Postgres' memory settings for a small embedded database. The WASM memory only grows, so its peak
 * stays resident: the 128 MB default shared_buffers fill up during a backfill and never come back
 * (bench:memory). A few hundred thousand rows of recent history fit in 8 MB of hot pages; the
 * rest is read through the file system cache, which the OS can reclaim. 16 MB → 8 MB took ~6 MB
 * off the resident WebAssembly memory with no change in how fast the symbol page reads its history
 * (1D, 5D, 1Y pages, 150 reads each, A/B twice).
 */
const MEMORY_PARAMS = ['-c', 'shared_buffers=8MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=4MB'];
export const pgliteOptions = (dataDir?: string) => ({ ...(dataDir ? { dataDir } : {}), startParams: [...PGlite.defaultStartParams, ...MEMORY_PARAMS] });

