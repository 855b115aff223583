// A fresh in-memory PGlite store per call, started from a migrated copy: the one the integration
// project's globalSetup made for the whole run (pglite-template.setup.ts), else one made once in this
// process. An empty cluster costs initdb plus every migration (seconds per store, and most
// integration files open one); loading a copy costs about a second. Opening still runs the
// migration check, so a copy that fell behind the migrations would be brought up to date, not trusted.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openPgliteStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

let template: Promise<Blob> | undefined;

async function makeTemplate(): Promise<Blob> {
  const file = inject('pgliteTemplate');
  if (file) return new Blob([await readFile(file)]);
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
