// The real start-up (`node backend/src/main.ts`), as an operator runs it: a bad setting stops it
// with the variable and the rule named but never a secret's value (issue 11 point 7), and a server
// reachable from the network without API_TOKEN says so loudly (point 3).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL } from './support/services.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SECRET = 'hunter2pass';

interface Run {
  code: number | null;
  output: string;
}

/** Runs main.ts until it exits, or until a line matches `until` (then stops it with SIGTERM), at most 45 s. */
function start(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', LOG_PRETTY: 'false', QUOTE_SOURCE: 'simulated', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const onLine = (line: string) => {
      lines.push(line);
      if (until?.test(line)) proc.kill('SIGTERM');
    };
    createInterface({ input: proc.stdout }).on('line', onLine);
    createInterface({ input: proc.stderr }).on('line', onLine);
    // never outlive the test: a start that never prints `until` is stopped, and the test then fails
    const deadline = setTimeout(() => proc.kill('SIGKILL'), 45_000);
    proc.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, output: lines.join('\n') });
    });
  });
}

describe('start-up errors never print a secret', { timeout: 60_000 }, () => {
  // One run with every bad secret at once: each start costs seconds of module loading.
  it('bad API_TOKEN, DATABASE_URL and REDIS_URL stop the app naming each variable and rule, no value', async () => {
    const env = {
      API_TOKEN: 'short-secret',
      DATABASE_URL: `mysql://admin:${SECRET}@db/tickstream`,
      REDIS_URL: `http://:${SECRET}@cache:6379`,
    };
    const run = await start(env);
    expect(run.code).toBe(1);
    expect(run.output).toContain('API_TOKEN: must be at least 16 characters');
    expect(run.output).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(run.output).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
    for (const value of [...Object.values(env), SECRET, 'short-secret']) expect(run.output).not.toContain(value);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('start-up against the real PostgreSQL server', { timeout: 60_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a DATABASE_URL the server refuses stops the app without printing its password', async () => {
    const url = new URL(db.url);
    url.username = 'no_such_role';
    url.password = SECRET;
    const run = await start({ DATABASE_URL: url.toString() });
    expect(run.code).toBe(1);
    expect(run.output).toContain('Tickstream failed to start');
    expect(run.output).not.toContain(SECRET);
  });

  it('warns once at start-up when listening beyond loopback without API_TOKEN', async () => {
    const run = await start({ DATABASE_URL: db.url, HOST: '0.0.0.0' }, /SECURITY/);
    const warnings = run.output.split('\n').filter((l) => l.includes('SECURITY'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 40 });
    expect(warnings[0]).toMatch(/without API_TOKEN: anyone on the network can add, change and delete holdings/);
  });

  it('does not warn on loopback', async () => {
    const run = await start({ DATABASE_URL: db.url, HOST: '127.0.0.1' }, /Tickstream listening/);
    expect(run.output).toContain('Tickstream listening');
    expect(run.output).not.toContain('SECURITY');
  });
});
