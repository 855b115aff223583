// Vitest globalSetup of the browser project: one embedded data directory with every migration
// applied, made for the whole run; each test server starts from a copy of it (server.ts). Vitest
// runs each file in its own process, so a template made per process cost initdb and the migrations
// (~6 s on a 2-core machine) before every file's first server.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPgliteStore } from '../../backend/src/store/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** a migrated embedded data directory, to copy */
    dataDirTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'tickstream-e2e-template-'));
  await (await openPgliteStore({ dataDir: dir })).close();
  project.provide('dataDirTemplate', dir);
  return () => rm(dir, { recursive: true, force: true });
}
