// A new embedded data directory is created (initdb) and migrated in a short-lived child process,
// and the server then opens the ready directory, as on a restart. Why: initdb and the first
// migrations leave ~55 MB behind in the process that ran them (malloc'd heap that stays
// fragmented, and WebAssembly memory, which never shrinks): `npm run bench:memory` printed a first
// start at 258 MB idle, 201 MB with this child, and a restart at 190-201 MB. A child's memory all goes back when it exits.
// Run as a script, this file is that child; imported, it starts one.
import { fork } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pino from 'pino';
import type { Logger } from '../logger.ts';
import { migrate } from './migrate.ts';
import { pgliteOptions, sessionOf } from './pglite-session.ts';

/** Whether initdb has run in `dir` (Postgres writes PG_VERSION into every data directory it creates). */
export async function isDataDir(dir: string): Promise<boolean> {
  return access(join(dir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

type ChildMessage = { log: string } | { error: string };

/**
 * Creates and migrates `dir` in a child process; its log lines come out of `logger`. Resolves false
 * when the child failed: the caller then does the same in-process, where a real error (a failed
 * migration, a full disk) is reported the usual way. The caller holds the directory's lock.
 */
export function prepareInChild(dir: string, logger: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    // Plain node (no inherited flags: a test runner's loaders are not wanted); Node 24 runs .ts itself.
    const child = fork(fileURLToPath(import.meta.url), [dir, logger.level], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let failure = '';
    child.stderr?.on('data', (chunk: Buffer) => (failure += chunk.toString()));
    child.on('message', (m: ChildMessage) => {
      if ('error' in m) failure = m.error;
      else relay(logger, m.log);
    });
    child.on('error', (err) => (failure = err.message));
    child.on('exit', (code) => {
      if (code !== 0) logger.warn({ code, reason: failure.slice(0, 500) }, 'preparing the new data directory in a child process failed; doing it in this one');
      resolve(code === 0);
    });
  });
}

/** One JSON log line of the child's, logged again by the parent's logger at its level. */
function relay(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _host, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const label = logger.levels.labels[Number(level)] ?? 'info';
    (logger[label as 'info'] ?? logger.info).call(logger, fields, String(msg ?? ''));
  } catch {
    logger.info(line.trim());
  }
}

async function runAsChild(dir: string, level: string): Promise<void> {
  const send = (m: ChildMessage) => process.send?.(m);
  const logger = pino({ level }, { write: (line: string) => send({ log: line }) });
  try {
    const client = await PGlite.create(pgliteOptions(dir));
    try {
      await migrate(sessionOf(client), logger);
    } finally {
      await client.close();
    }
  } catch (err) {
    send({ error: err instanceof Error ? err.message : String(err) });
    process.exitCode = 1;
  }
  process.disconnect?.();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAsChild(process.argv[2] ?? '', process.argv[3] ?? 'info');
