// Vitest globalSetup of the integration project: one migrated in-memory PGlite cluster for the whole
// run, dumped to a file that every test file's openMemoryStore loads (memory-store.ts). Vitest runs
// each file in its own process, so a template made per process cost initdb plus every migration in
// each of them: 7-10 s of CPU per file on a 2-core machine, more than most files' tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openPgliteStore } from '../../src/store/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated cluster's dumpDataDir('none'), as a file */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'tickstream-pglite-template-'));
  const file = join(dir, 'migrated.tar');
  const client = await PGlite.create();
  const store = await openPgliteStore({ client });
  try {
    await writeFile(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await store.close();
  }
  project.provide('pgliteTemplate', file);
  return () => rm(dir, { recursive: true, force: true });
}
