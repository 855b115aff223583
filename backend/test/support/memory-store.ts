// A fresh in-memory PGlite store per call, started from a migrated copy made once per test worker.
// An empty cluster costs initdb plus every migration (seconds per store, and most integration files
// open one); loading a copy costs about a second. Opening still runs the migration check, so a copy
// that fell behind the migrations would be brought up to date, not trusted.
import { PGlite } from '@electric-sql/pglite';
import { openPgliteStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

let template: Promise<Blob> | undefined;

async function makeTemplate(): Promise<Blob> {
  const client = await PGlite.create();
  const store = await openPgliteStore({ client });
  try {
    return await client.dumpDataDir('none');
  } finally {
    await store.close();
  }
}

export async function openMemoryStore(): Promise<Store> {
  template ??= makeTemplate();
  return openPgliteStore({ loadDataDir: await template });
}
