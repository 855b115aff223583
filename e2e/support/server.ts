// Starts the real server (node backend/src/main.ts) as a child process with the simulated source,
// the embedded database in a temp dir, and the built frontend mounted.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
const HANDLER = join(ROOT, 'frontend/build/handler.js');

/** The browser tests need the built app: `npm test` builds it; alone, run `npm run build` first. */
export function requireFrontendBuild(): void {
  if (!existsSync(HANDLER)) {
    throw new Error(`frontend/build is missing (${HANDLER}): run \`npm run build\` before the e2e tests`);
  }
}

let template: Promise<string> | undefined;

/**
 * An embedded database with every migration applied: each server starts from a copy, so it does not
 * spend seconds on initdb and the migrations (it still checks them). Under vitest, the browser
 * project's globalSetup made it for the whole run (data-dir-template.setup.ts); otherwise (a bench,
 * another project) it is made once per process.
 */
function migratedDataDir(): Promise<string> {
  const provided = process.env.VITEST ? inject('dataDirTemplate') : undefined;
  if (provided) return Promise.resolve(provided);
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickstream-e2e-template-'));
    const { openPgliteStore } = await import('../../backend/src/store/index.ts');
    await (await openPgliteStore({ dataDir: dir })).close();
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return template;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** from the signal to the exit */
  ms: number;
}

export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** the server process, to read its /proc entry (undefined while stopped) */
  readonly pid: number | undefined;
  /** stdout + stderr so far, for failure messages */
  output(): string;
  /** SIGTERM (or the given signal) and wait for the exit (SIGKILL after `killAfterMs`); undefined if not running */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<ServerExit | undefined>;
  /** start again on the same port and data dir */
  restart(): Promise<void>;
  /** stop and delete the data dir */
  dispose(): Promise<void>;
}

export interface ServerOptions {
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** what counts as started: the page served (needs the frontend build, the default) or /api/health answering */
  ready?: 'page' | 'api';
}

export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tickstream-e2e-'));
  cpSync(await migratedDataDir(), dataDir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = '';

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // The e2e server is self-contained: embedded database, in-process bus.
    if (v !== undefined && !['DATABASE_URL', 'REDIS_URL', 'WATCHLIST', 'PORT', 'HOST'].includes(k)) env[k] = v;
  }
  Object.assign(env, {
    QUOTE_SOURCE: 'simulated',
    POLL_INTERVAL_SECONDS: '2',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BACKFILL_DAYS: '1',
    ...opts.env,
  });

  async function launch(): Promise<void> {
    const proc = spawn(process.execPath, ['backend/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + (opts.startTimeoutMs ?? 90_000);
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${output}`);
      try {
        const res = await fetch(`${url}${opts.ready === 'api' ? '/api/health' : '/'}`, { signal: AbortSignal.timeout(2000) });
        if (res.ok && (opts.ready === 'api' || (res.headers.get('content-type') ?? '').includes('text/html'))) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not serve the app on ${url} in time:\n${output}`);
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 15_000): Promise<ServerExit | undefined> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return undefined;
    const started = Date.now();
    return new Promise<ServerExit>((res) => {
      const force = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      proc.once('exit', (code, exitSignal) => {
        clearTimeout(force);
        res({ code, signal: exitSignal, ms: Date.now() - started });
      });
      proc.kill(signal);
    });
  }

  try {
    await launch();
  } catch (err) {
    // a server that never became ready must not outlive the test run
    await stop('SIGKILL', 1_000);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    dataDir,
    get pid() {
      return child?.pid;
    },
    output: () => output,
    stop,
    restart: launch,
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value (not undefined/null/false) or the time is up. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  timeoutMs = 30_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined && v !== false && v !== null) return v;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
