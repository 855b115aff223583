// Helpers for the db-servers.* suites: least-privilege roles on the real servers, the app started
// on a server URL the way main.ts opens it, a history round trip, and the real process for
// start-up failures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect } from 'vitest';
import pino from 'pino';
import type { Candle, SymbolCandle } from '@tickstream/shared';
import { openStore } from '../../src/store/index.ts';
import { extensionFacts, type ExtensionFacts } from '../../src/store/extensions.ts';
import type { Store } from '../../src/store/types.ts';
import { startApp, type Running } from '../api-harness.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** Runs statements as the server's admin (the URL's own user), in `database` if given. */
export async function asAdmin(server: string, sql: string[], database?: string): Promise<void> {
  const url = new URL(server);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function adminQuery<T>(server: string, sql: string, params: unknown[] = [], database?: string): Promise<T[]> {
  const url = new URL(server);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** What the migration runner learns about an extension on a real server, asked as the URL's role. */
export async function factsOn(url: string, extension: string): Promise<ExtensionFacts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await extensionFacts({ query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[] }, extension);
  } finally {
    await client.end();
  }
}

export interface AppRole {
  role: string;
  database: string;
  /** the server URL with this role and database */
  url: string;
  drop(): Promise<void>;
}

export interface RoleSetup {
  /** the role owns its database (else the admin does and grants CONNECT only) */
  owner: boolean;
  /** statements the admin runs in the new database first; `ROLE` is replaced by the role's name */
  setup?: string[];
}

/** A fresh LOGIN role that is not a superuser, with its own fresh database; both dropped by drop(). */
export async function createAppRole(server: string, opts: RoleSetup): Promise<AppRole> {
  const id = randomBytes(5).toString('hex');
  const role = `tickstream_role_${id}`;
  const database = `tickstream_rdb_${id}`;
  await asAdmin(server, [
    `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`,
    opts.owner ? `CREATE DATABASE ${database} OWNER ${role}` : `CREATE DATABASE ${database}`,
    `GRANT CONNECT ON DATABASE ${database} TO ${role}`,
  ]);
  if (opts.setup?.length) await asAdmin(server, opts.setup.map((s) => s.replaceAll('ROLE', role)), database);
  const url = new URL(server);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return {
    role,
    database,
    url: url.toString(),
    async drop() {
      // Objects the role owns in other databases (none here) would block DROP ROLE; policies and
      // jobs live inside its database, which goes first.
      await asAdmin(server, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `DROP ROLE IF EXISTS ${role}`]);
    },
  };
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface OnServer extends Running {
  store: Store;
  logs: LogLine[];
  warnings(): LogLine[];
}

/** Opens the store exactly as main.ts does (openStore, with diagnosis) and serves the real app on it. */
export async function startOnServer(url: string): Promise<OnServer> {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const store = await openStore({ url, dataDir: '' }, logger, { retryMs: 0 });
  const api = await startApp(store, { env: { WATCHLIST: 'AAPL' } });
  return {
    ...api,
    store,
    logs,
    warnings: () => logs.filter((l) => l.level === 40),
    async close() {
      await api.close();
      await store.close();
    },
  };
}

/** The error openStore (as main.ts calls it) fails with, without waiting for an unreachable server. */
export async function startupError(url: string): Promise<Error & { code?: string }> {
  const logger = pino({ level: 'silent' });
  const result = await openStore({ url, dataDir: '' }, logger, { retryMs: 0 }).then(
    async (store) => {
      await store.close();
      return new Error('the store opened');
    },
    (err: unknown) => err as Error,
  );
  return result;
}

/** 2024-05-06 13:30 UTC, a Monday's open. */
export const OPEN = Date.UTC(2024, 4, 6, 13, 30) / 1000;

export function minuteBars(count: number, from = OPEN): SymbolCandle[] {
  return Array.from({ length: count }, (_, i) => {
    const open = 100 + i;
    return { symbol: 'AAPL', time: from + i * 60, open, high: open + 2, low: open - 1, close: open + 1, volume: 10 + i };
  });
}

/** Reads /api/history for AAPL over the bars' window. */
export async function history(api: Running, interval: string, count: number, from = OPEN): Promise<Candle[]> {
  const { status, body } = await api.get(`/api/history?symbol=AAPL&interval=${interval}&from=${from}&to=${from + count * 60 - 1}`);
  if (status !== 200) throw new Error(`history ${interval}: HTTP ${status} ${JSON.stringify(body)}`);
  return body.candles as Candle[];
}

/** The 30 bars of minuteBars(30) read back as 1m and as 5m candles. */
export async function expectHistory(api: Running): Promise<void> {
  expect(await history(api, '1m', 30)).toEqual(minuteBars(30).map(({ symbol: _, ...candle }) => candle));
  expect((await history(api, '5m', 30)).map((c) => [c.time, c.open, c.close, c.volume])).toEqual(
    Array.from({ length: 6 }, (_, k) => [OPEN + k * 300, 100 + 5 * k, 105 + 5 * k, 60 + 25 * k]),
  );
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node backend/src/main.ts` until it exits (a failed start-up) or the timeout kills it. */
export async function runMain(env: Record<string, string>, timeoutMs = 25_000): Promise<Exit> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TEST_')) base[k] = v;
  const proc = spawn(process.execPath, [MAIN], {
    env: { ...base, QUOTE_SOURCE: 'simulated', PORT: '0', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
